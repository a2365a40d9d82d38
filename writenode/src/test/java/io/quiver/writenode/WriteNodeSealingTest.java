package io.quiver.writenode;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.data.LongColumn;
import io.quiver.common.index.IndexSpec;
import io.quiver.common.index.IndexType;
import io.quiver.common.index.MetricType;
import io.quiver.common.index.SearchHits;
import io.quiver.common.index.SearchParams;
import io.quiver.common.index.VectorIndex;
import io.quiver.common.index.VectorIndexes;
import io.quiver.coordinator.Catalog;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.IndexInfo;
import io.quiver.coordinator.SegmentInfo;
import io.quiver.storage.binlog.SegmentKey;
import io.quiver.storage.binlog.SegmentReader;
import io.quiver.wal.LogPosition;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sealing without an explicit flush (size and age thresholds) and index builds after sealing. */
class WriteNodeSealingTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path directory;

    private WriteNodeEnvironment env;
    private CollectionInfo docs;
    private ShardWrites writes;

    @BeforeEach
    void setUp() {
        env = new WriteNodeEnvironment(directory, 4);
        docs = env.createCollection("docs", 2);
        writes = new ShardWrites(env.log, docs);
    }

    @AfterEach
    void tearDown() {
        env.close();
    }

    @Test
    void indexBuilderCommitsAnIndexFileForEverySealedSegmentWithRows() throws Exception {
        IndexSpec spec = new IndexSpec(IndexType.HNSW, MetricType.L2, ShardWrites.DIMENSION, 16, 100);
        IndexInfo index = env.catalog.createIndex(Catalog.DEFAULT_DATABASE, "docs", "vec", "vec_index", spec, Map.of());
        long partition = docs.defaultPartition().id();
        writes.insert(0, partition, env.tso.allocate(), 1, 2, 3, 4, 5);
        writes.insert(1, partition, env.tso.allocate(), 6, 7, 8);
        writes.delete(1, env.tso.allocate(), 6);
        long flushTs = env.tso.allocate();
        writes.tick(flushTs);
        WriteNode node = env.startNode(WriteNodeEnvironment.CONFIG);

        node.flush(docs.id(), flushTs);
        WriteNodeEnvironment.await("index files of both row segments", WAIT, () -> env.segments(docs).stream()
                .filter(s -> s.rowCount() > 0)
                .allMatch(s -> s.indexFiles().containsKey(index.id())));

        List<SegmentInfo> segments = env.segments(docs);
        assertThat(segments).hasSize(3);
        for (SegmentInfo segment : segments) {
            if (segment.isTombstones()) {
                assertThat(segment.indexFiles()).isEmpty();
            } else {
                assertThat(segment.indexFiles()).containsOnlyKeys(index.id());
                assertIndexFindsEveryRow(segment, index);
            }
        }
    }

    @Test
    void aSegmentWhoseIndexBuildFailsDoesNotHoldUpTheOthers() throws Exception {
        long partition = docs.defaultPartition().id();
        writes.insert(0, partition, env.tso.allocate(), 1, 2, 3);
        writes.insert(1, partition, env.tso.allocate(), 4, 5, 6);
        long flushTs = env.tso.allocate();
        writes.tick(flushTs);
        WriteNode first = env.startNode(WriteNodeEnvironment.CONFIG);
        first.flush(docs.id(), flushTs);
        first.close();
        List<SegmentInfo> segments = env.segments(docs);
        assertThat(segments).hasSize(2);
        SegmentInfo broken = segments.getFirst();
        SegmentInfo healthy = segments.get(1);
        for (var object : env.store.list("binlog/" + docs.id() + "/" + partition + "/" + broken.id() + "/")) {
            env.store.delete(object.key());
        }

        IndexInfo index = env.catalog.createIndex(
                Catalog.DEFAULT_DATABASE,
                "docs",
                "vec",
                "",
                IndexSpec.flat(MetricType.L2, ShardWrites.DIMENSION),
                Map.of());
        env.startNode(WriteNodeEnvironment.CONFIG);
        WriteNodeEnvironment.await("the healthy segment's index file", WAIT, () -> env.segments(docs).stream()
                .filter(s -> s.id() == healthy.id())
                .allMatch(s -> s.indexFiles().containsKey(index.id())));
        assertThat(env.segments(docs).stream()
                        .filter(s -> s.id() == broken.id())
                        .findFirst()
                        .orElseThrow()
                        .indexFiles())
                .isEmpty();
    }

    @Test
    void indexCreatedAfterSealingIsBuiltForTheExistingSegments() throws Exception {
        writes.insert(0, docs.defaultPartition().id(), env.tso.allocate(), 1, 2);
        long flushTs = env.tso.allocate();
        writes.tick(flushTs);
        WriteNode node = env.startNode(WriteNodeEnvironment.CONFIG);
        node.flush(docs.id(), flushTs);
        assertThat(env.segments(docs)).singleElement().satisfies(s -> assertThat(s.indexFiles())
                .isEmpty());

        IndexInfo index = env.catalog.createIndex(
                Catalog.DEFAULT_DATABASE,
                "docs",
                "vec",
                "",
                IndexSpec.flat(MetricType.L2, ShardWrites.DIMENSION),
                Map.of());
        WriteNodeEnvironment.await(
                "the index file",
                WAIT,
                () -> env.segments(docs).getFirst().indexFiles().containsKey(index.id()));

        SegmentInfo segment = env.segments(docs).getFirst();
        assertThat(segment.indexFiles().get(index.id()))
                .isEqualTo("index/" + docs.id() + "/" + segment.id() + "/" + index.id() + "/flat.idx");
        assertIndexFindsEveryRow(segment, index);
    }

    @Test
    void bufferReachingTheSizeLimitIsSealedWithoutAFlush() throws Exception {
        WriteNodeConfig tiny = new WriteNodeConfig(1, Duration.ofMinutes(10), Duration.ofMillis(20));
        env.startNode(tiny);
        long partition = docs.defaultPartition().id();
        long ts1 = env.tso.allocate();

        LogPosition first = writes.insert(0, partition, ts1, 1, 2);
        WriteNodeEnvironment.await(
                "the first segment", WAIT, () -> env.segments(docs).size() == 1);
        long ts2 = env.tso.allocate();
        LogPosition second = writes.insert(0, partition, ts2, 3);
        WriteNodeEnvironment.await(
                "the second segment", WAIT, () -> env.segments(docs).size() == 2);

        List<SegmentInfo> segments = env.segments(docs);
        assertThat(segments.get(0).start()).isEqualTo(LogPosition.BEGINNING);
        assertThat(segments.get(0).end()).isEqualTo(first);
        assertThat(segments.get(1).start()).isEqualTo(first);
        assertThat(segments.get(1).end()).isEqualTo(second);
        assertThat(env.catalog.checkpoint(docs.id(), 0)).isEqualTo(second);
        assertThat(ids(segments.get(0))).containsExactly(1, 2);
        assertThat(ids(segments.get(1))).containsExactly(3);
    }

    @Test
    void bufferOlderThanTheAgeLimitIsSealedWithoutAFlush() throws Exception {
        WriteNodeConfig young = new WriteNodeConfig(512L << 20, Duration.ofMillis(100), Duration.ofMillis(20));
        env.startNode(young);

        LogPosition position = writes.insert(1, docs.defaultPartition().id(), env.tso.allocate(), 42);
        WriteNodeEnvironment.await(
                "the aged buffer to be sealed", WAIT, () -> env.segments(docs).size() == 1);

        SegmentInfo segment = env.segments(docs).getFirst();
        assertThat(segment.shard()).isEqualTo(1);
        assertThat(segment.end()).isEqualTo(position);
        assertThat(ids(segment)).containsExactly(42);
    }

    private long[] ids(SegmentInfo segment) {
        try (SegmentReader reader = new SegmentReader(env.store)) {
            ColumnBatch rows = reader.readRows(key(segment), docs.schema());
            return ((LongColumn) rows.column("id")).values();
        }
    }

    private void assertIndexFindsEveryRow(SegmentInfo segment, IndexInfo index) throws Exception {
        String objectKey = segment.indexFiles().get(index.id());
        assertThat(env.store.stat(objectKey)).isPresent();
        FloatVectorColumn vectors;
        try (SegmentReader reader = new SegmentReader(env.store)) {
            vectors = (FloatVectorColumn)
                    reader.readRows(key(segment), docs.schema()).column("vec");
        }
        try (InputStream in = env.store.get(objectKey);
                VectorIndex loaded = VectorIndexes.load(index.spec(), in, vectors)) {
            assertThat(loaded.size()).isEqualTo(segment.rowCount());
            for (int row = 0; row < vectors.size(); row++) {
                SearchHits hits = loaded.search(vectors.vector(row), 1, SearchParams.DEFAULT, null);
                assertThat(hits.ordinals()).as("nearest row to row %d", row).containsExactly(row);
            }
        }
    }

    private static SegmentKey key(SegmentInfo segment) {
        return new SegmentKey(segment.collectionId(), segment.partitionId(), segment.id());
    }
}
