package io.quiver.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.embedded.EmbeddedMetaStore;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.DataType;
import io.quiver.common.schema.FieldSchema;
import io.quiver.common.wal.WalEntries;
import io.quiver.coordinator.node.QueryNodeService;
import io.quiver.coordinator.node.ShardQueryRequest;
import io.quiver.coordinator.node.ShardQueryResult;
import io.quiver.coordinator.node.ShardSearchRequest;
import io.quiver.coordinator.node.ShardSearchResult;
import io.quiver.wal.LogPosition;
import io.quiver.wal.LogReader;
import io.quiver.wal.WriteAheadLog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoordinatorNodeTest {
    private static final CoordinatorConfig CONFIG = new CoordinatorConfig("dml", 4, Duration.ofHours(1));

    @TempDir
    Path directory;

    private MetaStore metaStore;
    private final TickLog log = new TickLog();
    private final List<CoordinatorNode> nodes = new ArrayList<>();

    @BeforeEach
    void openStore() {
        metaStore = EmbeddedMetaStore.open(directory, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        nodes.forEach(CoordinatorNode::close);
        metaStore.close();
    }

    @Test
    void flushTicksEveryChannelPastTheFlushTimestampBeforeAskingTheWriteNode() {
        CoordinatorNode node = node();
        List<long[]> flushes = new ArrayList<>();
        node.attach(new RecordingQueryNode(), (collectionId, ts) -> flushes.add(new long[] {collectionId, ts}));
        CollectionInfo docs = create(node, "docs", 2);

        node.flush(docs);

        assertThat(flushes).hasSize(1);
        assertThat(flushes.getFirst()[0]).isEqualTo(docs.id());
        long flushTs = flushes.getFirst()[1];
        for (String channel : node.physicalChannels()) {
            assertThat(log.ticks(channel)).as(channel).isNotEmpty().last().satisfies(tick -> assertThat(tick)
                    .isGreaterThanOrEqualTo(flushTs));
        }
    }

    @Test
    void flushWithoutAWriteNodeIsUnavailable() {
        CoordinatorNode node = node();
        CollectionInfo docs = create(node, "docs", 1);

        assertThatThrownBy(() -> node.flush(docs))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("write node");
    }

    @Test
    void loadAndReleaseReachEveryShardAndAreRecordedInTheCatalog() {
        CoordinatorNode node = node();
        RecordingQueryNode queryNode = new RecordingQueryNode();
        node.attach(queryNode, (collectionId, ts) -> {});
        CollectionInfo docs = create(node, "docs", 3);

        node.loadCollection(docs);

        assertThat(queryNode.loaded).containsExactly(docs.id() + "/0", docs.id() + "/1", docs.id() + "/2");
        assertThat(node.catalog().findCollection(docs.id()).orElseThrow().loaded())
                .isTrue();
        queryNode.progress.put(docs.id() + "/1", 40);
        assertThat(node.loadProgress(docs)).isEqualTo(40);

        node.releaseCollection(docs);

        assertThat(queryNode.released).containsExactly(docs.id() + "/0", docs.id() + "/1", docs.id() + "/2");
        assertThat(node.catalog().findCollection(docs.id()).orElseThrow().loaded())
                .isFalse();
    }

    @Test
    void restartedCoordinatorReloadsCollectionsThatWereLoaded() {
        CoordinatorNode first = node();
        first.attach(new RecordingQueryNode(), (collectionId, ts) -> {});
        CollectionInfo loaded = create(first, "loaded", 2);
        create(first, "released", 1);
        first.loadCollection(loaded);
        first.close();

        CoordinatorNode second = node();
        RecordingQueryNode queryNode = new RecordingQueryNode();
        second.attach(queryNode, (collectionId, ts) -> {});
        second.start();

        assertThat(queryNode.loaded).containsExactly(loaded.id() + "/0", loaded.id() + "/1");
    }

    @Test
    void withoutAQueryNodeLoadingIsUnavailable() {
        CoordinatorNode node = node();
        CollectionInfo docs = create(node, "docs", 1);

        assertThatThrownBy(() -> node.loadCollection(docs))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("query node");
    }

    @Test
    void timestampsOfARestartedCoordinatorContinueAboveThePreviousOnes() {
        CoordinatorNode first = node();
        long before = first.timestampOracle().allocate();
        long firstId = first.idAllocator().allocate(10);
        first.close();

        CoordinatorNode second = node();

        assertThat(second.timestampOracle().allocate()).isGreaterThan(before);
        assertThat(second.idAllocator().allocate(1)).isGreaterThanOrEqualTo(firstId + 10);
    }

    private CoordinatorNode node() {
        CoordinatorNode node = CoordinatorNode.open(metaStore, log, CONFIG, Clock.systemUTC());
        nodes.add(node);
        return node;
    }

    private static CollectionInfo create(CoordinatorNode node, String name, int shards) {
        CollectionSchema schema = new CollectionSchema(
                name,
                "",
                List.of(
                        new FieldSchema(100, "id", DataType.INT64, true, false, 0, 0, ""),
                        new FieldSchema(101, "vec", DataType.FLOAT_VECTOR, false, false, 2, 0, "")));
        return node.catalog()
                .createCollection(Catalog.DEFAULT_DATABASE, schema, shards, ConsistencyLevel.STRONG, Map.of(), false);
    }

    /** Records the time ticks appended to each channel. */
    private static final class TickLog implements WriteAheadLog {
        private final Map<String, List<Long>> ticks = new HashMap<>();

        @Override
        public synchronized CompletableFuture<LogPosition> append(String channel, byte[] payload) {
            List<Long> channelTicks = ticks.computeIfAbsent(channel, c -> new ArrayList<>());
            channelTicks.add(WalEntries.decode(payload).getTimestamp());
            return CompletableFuture.completedFuture(new LogPosition(new byte[] {(byte) channelTicks.size()}));
        }

        synchronized List<Long> ticks(String channel) {
            return List.copyOf(ticks.getOrDefault(channel, List.of()));
        }

        @Override
        public LogReader open(String channel, LogPosition after) {
            throw new UnsupportedOperationException("not readable");
        }

        @Override
        public void truncateBefore(String channel, LogPosition position) {
            throw new UnsupportedOperationException("not truncatable");
        }

        @Override
        public LogPosition lastPosition(String channel) {
            throw new UnsupportedOperationException("no positions");
        }

        @Override
        public void close() {}
    }

    /** Records load and release calls as "collection/shard"; reports 100 % unless told otherwise. */
    private static final class RecordingQueryNode implements QueryNodeService {
        final List<String> loaded = new ArrayList<>();
        final List<String> released = new ArrayList<>();
        final Map<String, Integer> progress = new HashMap<>();

        @Override
        public void loadShard(CollectionInfo collection, int shard) {
            loaded.add(collection.id() + "/" + shard);
        }

        @Override
        public void releaseShard(long collectionId, int shard) {
            released.add(collectionId + "/" + shard);
        }

        @Override
        public int loadProgress(long collectionId, int shard) {
            return progress.getOrDefault(collectionId + "/" + shard, 100);
        }

        @Override
        public long countRows(CollectionInfo collection, int shard, long timestamp, java.time.Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ShardSearchResult search(ShardSearchRequest request) {
            throw new UnsupportedOperationException("search is not part of these tests");
        }

        @Override
        public ShardQueryResult query(ShardQueryRequest request) {
            throw new UnsupportedOperationException("query is not part of these tests");
        }
    }
}
