package io.quiver.writenode.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.common.data.LongColumn;
import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.embedded.EmbeddedMetaStore;
import io.quiver.coordinator.Catalog;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.ConsistencyLevel;
import io.quiver.coordinator.SegmentInfo;
import io.quiver.coordinator.internal.ChannelLayout;
import io.quiver.coordinator.internal.MetaStoreCatalog;
import io.quiver.coordinator.internal.MetaStoreIdAllocator;
import io.quiver.coordinator.internal.PersistentTimestampOracle;
import io.quiver.storage.InMemoryObjectStore;
import io.quiver.storage.ObjectInfo;
import io.quiver.storage.binlog.SegmentWriter;
import io.quiver.wal.LogPosition;
import io.quiver.writenode.ShardWrites;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentSealerTest {
    private static final LogPosition END = new LogPosition(new byte[] {0, 0, 0, 10});

    @TempDir
    Path directory;

    private MetaStore metaStore;
    private MetaStoreCatalog catalog;
    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final List<SegmentWriter> writers = new ArrayList<>();
    private CollectionInfo docs;
    private long partitionP1;

    @BeforeEach
    void setUp() {
        metaStore = EmbeddedMetaStore.open(directory, Clock.systemUTC());
        catalog = MetaStoreCatalog.open(
                metaStore,
                new MetaStoreIdAllocator(metaStore),
                PersistentTimestampOracle.open(metaStore, Clock.systemUTC()),
                new ChannelLayout("dml", 4));
        docs = catalog.createCollection(
                Catalog.DEFAULT_DATABASE, ShardWrites.schema("docs"), 2, ConsistencyLevel.STRONG, Map.of(), false);
        partitionP1 =
                catalog.createPartition(Catalog.DEFAULT_DATABASE, "docs", "p1").id();
        docs = catalog.findCollection(docs.id()).orElseThrow();
    }

    @AfterEach
    void tearDown() {
        writers.forEach(SegmentWriter::close);
        metaStore.close();
    }

    @Test
    void segmentIdsAreDeterministicNonNegativeAndDistinct() {
        long seed = Long.getLong("quiver.test.seed", System.nanoTime());
        System.out.println("seed=" + seed);
        Random random = new Random(seed);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            long collection = random.nextLong(1, 1L << 40);
            long partition = random.nextLong(0, 1L << 40);
            int shard = random.nextInt(64);
            byte[] startBytes = new byte[random.nextInt(0, 12)];
            random.nextBytes(startBytes);
            LogPosition start = new LogPosition(startBytes);

            long id = SegmentSealer.segmentId(collection, partition, shard, start);

            assertThat(id).isNotNegative();
            assertThat(SegmentSealer.segmentId(collection, partition, shard, new LogPosition(startBytes.clone())))
                    .isEqualTo(id);
            assertThat(seen.add(id)).as("id %d is unique", id).isTrue();
            assertThat(SegmentSealer.segmentId(collection + 1, partition, shard, start))
                    .isNotEqualTo(id);
            assertThat(SegmentSealer.segmentId(collection, partition + 1, shard, start))
                    .isNotEqualTo(id);
            assertThat(SegmentSealer.segmentId(collection, partition, shard + 1, start))
                    .isNotEqualTo(id);
            assertThat(SegmentSealer.segmentId(collection, partition, shard, END))
                    .isNotEqualTo(id);
        }
    }

    @Test
    void sealWritesOneSegmentPerPartitionPlusTombstonesAndCommitsTheRange() {
        RecentSegments recent = new RecentSegments(4);
        ShardBuffer buffer = fullBuffer();

        sealer(recent).seal(docs, buffer, END);

        List<SegmentInfo> segments = catalog.segments(docs.id());
        long defaultPartition = docs.defaultPartition().id();
        assertThat(segments)
                .extracting(SegmentInfo::partitionId)
                .containsExactlyInAnyOrder(defaultPartition, partitionP1, SegmentInfo.ALL_PARTITIONS);
        for (SegmentInfo segment : segments) {
            assertThat(segment.id())
                    .isEqualTo(SegmentSealer.segmentId(docs.id(), segment.partitionId(), 1, LogPosition.BEGINNING));
            assertThat(segment.shard()).isEqualTo(1);
            assertThat(segment.start()).isEqualTo(LogPosition.BEGINNING);
            assertThat(segment.end()).isEqualTo(END);
        }
        assertThat(segments)
                .filteredOn(s -> s.partitionId() == defaultPartition)
                .singleElement()
                .satisfies(s -> assertThat(s.rowCount()).isEqualTo(3));
        assertThat(segments)
                .filteredOn(SegmentInfo::isTombstones)
                .singleElement()
                .satisfies(s -> assertThat(s.deleteCount()).isEqualTo(2));
        assertThat(catalog.checkpoint(docs.id(), 1)).isEqualTo(END);
        assertThat(buffer.start()).isEqualTo(END);
        assertThat(buffer.isEmpty()).isTrue();
        long defaultSegment = SegmentSealer.segmentId(docs.id(), defaultPartition, 1, LogPosition.BEGINNING);
        assertThat(((LongColumn) recent.get(defaultSegment).column("id")).values())
                .containsExactly(1, 2, 5);
    }

    @Test
    void resealingTheSameRangeRewritesIdenticalObjectsAndIsAcceptedAsARetry() {
        sealer(new RecentSegments(4)).seal(docs, fullBuffer(), END);
        List<SegmentInfo> committed = catalog.segments(docs.id());
        Map<String, byte[]> objects = objects();
        long revision = metaStore.revision();

        sealer(new RecentSegments(4)).seal(docs, fullBuffer(), END);

        assertThat(catalog.segments(docs.id())).isEqualTo(committed);
        assertThat(metaStore.revision()).isEqualTo(revision);
        Map<String, byte[]> rewritten = objects();
        assertThat(rewritten.keySet()).isEqualTo(objects.keySet());
        rewritten.forEach((key, bytes) -> assertThat(bytes).as(key).isEqualTo(objects.get(key)));
    }

    @Test
    void rangeWithOnlyTombstonesMakesOnlyATombstoneSegment() {
        ShardBuffer buffer = new ShardBuffer(docs.id(), 0, LogPosition.BEGINNING);
        buffer.addDeletes(LongColumn.int64(new long[] {4}), 300);

        sealer(new RecentSegments(4)).seal(docs, buffer, END);

        assertThat(catalog.segments(docs.id())).singleElement().satisfies(segment -> {
            assertThat(segment.isTombstones()).isTrue();
            assertThat(segment.rowCount()).isZero();
            assertThat(segment.deleteCount()).isEqualTo(1);
        });
    }

    @Test
    void emptyRangeCommitsNothingAndWritesNothing() {
        ShardBuffer buffer = new ShardBuffer(docs.id(), 0, END);
        long revision = metaStore.revision();

        sealer(new RecentSegments(4)).seal(docs, buffer, END);
        sealer(new RecentSegments(4)).seal(docs, buffer, new LogPosition(new byte[] {0, 0, 0, 9}));

        assertThat(metaStore.revision()).isEqualTo(revision);
        assertThat(store.list("")).isEmpty();
        assertThat(catalog.checkpoint(docs.id(), 0)).isEqualTo(LogPosition.BEGINNING);
    }

    private ShardBuffer fullBuffer() {
        ShardBuffer buffer = new ShardBuffer(docs.id(), 1, LogPosition.BEGINNING);
        buffer.addRows(docs.defaultPartition().id(), ShardWrites.rows(100, 1, 2));
        buffer.addRows(partitionP1, ShardWrites.rows(101, 3, 4));
        buffer.addRows(docs.defaultPartition().id(), ShardWrites.rows(102, 5));
        buffer.addDeletes(LongColumn.int64(new long[] {1, 3}), 103);
        return buffer;
    }

    private SegmentSealer sealer(RecentSegments recent) {
        SegmentWriter writer = new SegmentWriter(store);
        writers.add(writer);
        return new SegmentSealer(writer, catalog, recent);
    }

    private Map<String, byte[]> objects() {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        for (ObjectInfo info : store.list("")) {
            objects.put(info.key(), store.getBytes(info.key()));
        }
        return objects;
    }
}
