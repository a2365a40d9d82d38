package io.quiver.writenode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.data.LongColumn;
import io.quiver.common.data.StringColumn;
import io.quiver.common.schema.DataType;
import io.quiver.coordinator.Catalog;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.PartitionInfo;
import io.quiver.coordinator.SegmentInfo;
import io.quiver.storage.binlog.DeltaBatch;
import io.quiver.storage.binlog.SegmentKey;
import io.quiver.storage.binlog.SegmentReader;
import io.quiver.wal.LogPosition;
import io.quiver.wal.WriteAheadLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteNodeTest {
    @TempDir
    Path directory;

    private WriteNodeEnvironment env;
    private CollectionInfo docs;
    private PartitionInfo p1;
    private ShardWrites writes;

    @BeforeEach
    void setUp() {
        env = new WriteNodeEnvironment(directory, 4);
        docs = env.createCollection("docs", 2);
        p1 = env.catalog.createPartition(Catalog.DEFAULT_DATABASE, "docs", "p1");
        docs = env.catalog.findCollection(docs.id()).orElseThrow();
        writes = new ShardWrites(env.log, docs);
    }

    @AfterEach
    void tearDown() {
        env.close();
    }

    @Test
    void flushSealsEachShardsRangeIntoOneSegmentPerPartitionAndATombstoneSegment() {
        long defaultPartition = docs.defaultPartition().id();
        long t1 = env.tso.allocate();
        long t2 = env.tso.allocate();
        long t3 = env.tso.allocate();
        long t4 = env.tso.allocate();
        long t5 = env.tso.allocate();
        writes.insert(0, defaultPartition, t1, 1, 2, 3);
        writes.insert(0, p1.id(), t2, 4, 5);
        writes.insert(1, defaultPartition, t3, 6, 7, 8, 9);
        writes.insert(0, defaultPartition, t4, 10);
        writes.delete(0, t5, 1, 2);
        long flushTs = env.tso.allocate();
        List<LogPosition> ticks = writes.tick(flushTs);
        WriteNode node = env.startNode(WriteNodeEnvironment.CONFIG);

        node.flush(docs.id(), flushTs);

        List<SegmentInfo> segments = env.segments(docs);
        assertThat(segments).hasSize(4);
        SegmentInfo shard0Default = segment(segments, 0, defaultPartition);
        SegmentInfo shard0P1 = segment(segments, 0, p1.id());
        SegmentInfo shard0Tombstones = segment(segments, 0, SegmentInfo.ALL_PARTITIONS);
        SegmentInfo shard1Default = segment(segments, 1, defaultPartition);
        assertThat(List.of(
                        shard0Default.rowCount(),
                        shard0P1.rowCount(),
                        shard0Tombstones.rowCount(),
                        shard1Default.rowCount()))
                .containsExactly(4L, 2L, 0L, 4L);
        assertThat(shard0Tombstones.deleteCount()).isEqualTo(2);
        assertThat(shard0Tombstones.isTombstones()).isTrue();
        for (SegmentInfo segment : segments) {
            assertThat(segment.start()).isEqualTo(LogPosition.BEGINNING);
            assertThat(segment.end()).isEqualTo(ticks.get(segment.shard()));
            assertThat(segment.sizeBytes()).isPositive();
            assertThat(segment.collectionId()).isEqualTo(docs.id());
        }
        assertThat(env.catalog.checkpoint(docs.id(), 0)).isEqualTo(ticks.get(0));
        assertThat(env.catalog.checkpoint(docs.id(), 1)).isEqualTo(ticks.get(1));

        assertRows(shard0Default, new long[] {1, 2, 3, 10}, new long[] {t1, t1, t1, t4});
        assertRows(shard0P1, new long[] {4, 5}, new long[] {t2, t2});
        assertRows(shard1Default, new long[] {6, 7, 8, 9}, new long[] {t3, t3, t3, t3});
        assertRows(shard0Tombstones, new long[0], new long[0]);
        try (SegmentReader reader = new SegmentReader(env.store)) {
            DeltaBatch deletes = reader.readDeletes(key(shard0Tombstones), DataType.INT64);
            assertThat(((LongColumn) deletes.primaryKeys()).values()).containsExactly(1, 2);
            assertThat(deletes.timestamps()).containsExactly(t5, t5);
            assertThat(reader.readDeletes(key(shard0Default), DataType.INT64).size())
                    .isZero();
        }
    }

    @Test
    void secondFlushWithNothingNewAddsNoSegments() {
        writes.insert(0, docs.defaultPartition().id(), env.tso.allocate(), 1, 2);
        writes.delete(1, env.tso.allocate(), 3);
        long first = env.tso.allocate();
        writes.tick(first);
        WriteNode node = env.startNode(WriteNodeEnvironment.CONFIG);
        node.flush(docs.id(), first);
        List<SegmentInfo> afterFirst = env.segments(docs);
        List<String> objectsAfterFirst = env.objectKeys();

        node.flush(docs.id(), first);
        long second = env.tso.allocate();
        List<LogPosition> ticks = writes.tick(second);
        node.flush(docs.id(), second);

        assertThat(afterFirst).hasSize(2);
        assertThat(env.segments(docs)).isEqualTo(afterFirst);
        assertThat(env.objectKeys()).isEqualTo(objectsAfterFirst);
        assertThat(env.catalog.checkpoint(docs.id(), 0)).isEqualTo(ticks.get(0));
        assertThat(env.catalog.checkpoint(docs.id(), 1)).isEqualTo(ticks.get(1));
    }

    @Test
    void restartedWriteNodeResumesAfterTheCheckpointWithoutDuplicatingSegments() {
        long defaultPartition = docs.defaultPartition().id();
        writes.insert(0, defaultPartition, env.tso.allocate(), 1, 2, 3);
        writes.insert(1, p1.id(), env.tso.allocate(), 4);
        long first = env.tso.allocate();
        writes.tick(first);
        WriteNode before = env.startNode(WriteNodeEnvironment.CONFIG);
        before.flush(docs.id(), first);
        List<SegmentInfo> sealedBefore = env.segments(docs);
        LogPosition checkpoint0 = env.catalog.checkpoint(docs.id(), 0);
        long late = env.tso.allocate();
        writes.insert(0, defaultPartition, late, 11, 12);
        long second = env.tso.allocate();
        List<LogPosition> ticks = writes.tick(second);
        before.close();

        env.catalog = env.reopenCatalog();
        WriteNode after = env.startNode(WriteNodeEnvironment.CONFIG);
        after.flush(docs.id(), second);

        List<SegmentInfo> segments = env.segments(docs);
        assertThat(segments).containsAll(sealedBefore).hasSize(sealedBefore.size() + 1);
        SegmentInfo added = segments.stream()
                .filter(s -> !sealedBefore.contains(s))
                .findFirst()
                .orElseThrow();
        assertThat(added.shard()).isZero();
        assertThat(added.partitionId()).isEqualTo(defaultPartition);
        assertThat(added.start()).isEqualTo(checkpoint0);
        assertThat(added.end()).isEqualTo(ticks.get(0));
        assertRows(added, new long[] {11, 12}, new long[] {late, late});
        assertThat(segments.stream().mapToLong(SegmentInfo::rowCount).sum()).isEqualTo(6);
    }

    @Test
    void channelsHandedToAnotherNodeResumeFromTheCheckpointsWithoutGapOrDuplicate() {
        long defaultPartition = docs.defaultPartition().id();
        writes.insert(0, defaultPartition, env.tso.allocate(), 1, 2);
        writes.insert(1, defaultPartition, env.tso.allocate(), 3);
        long first = env.tso.allocate();
        writes.tick(first);
        WriteNode previous = env.startNode(WriteNodeEnvironment.CONFIG);
        previous.flush(docs.id(), first);
        List<SegmentInfo> sealedBefore = env.segments(docs);
        writes.insert(0, defaultPartition, env.tso.allocate(), 4);
        writes.insert(1, defaultPartition, env.tso.allocate(), 5, 6);
        long second = env.tso.allocate();
        writes.tick(second);

        Set<String> all = Set.copyOf(previous.channels());
        previous.assign(Set.of());
        WriteNode next = env.startNode(env.reopenCatalog(), WriteNodeEnvironment.CONFIG);
        next.assign(Set.of());
        assertThat(next.channels()).isEmpty();
        next.assign(all);
        next.flush(docs.id(), second);

        assertThat(previous.channels()).isEmpty();
        List<SegmentInfo> segments = env.reopenCatalog().segments(docs.id());
        assertThat(segments).containsAll(sealedBefore).hasSize(sealedBefore.size() + 2);
        assertThat(segments.stream().mapToLong(SegmentInfo::rowCount).sum()).isEqualTo(6);
    }

    @Test
    void replacementOfANodeThatCrashedBeforeCommittingRewritesTheSameObjects() throws Exception {
        writes.insert(0, docs.defaultPartition().id(), env.tso.allocate(), 1, 2);
        writes.insert(1, p1.id(), env.tso.allocate(), 3);
        writes.delete(0, env.tso.allocate(), 7);
        long flushTs = env.tso.allocate();
        writes.tick(flushTs);
        CommitRefusingCatalog refusing = new CommitRefusingCatalog(env.catalog);
        WriteNode crashing = env.startNode(refusing, WriteNodeEnvironment.CONFIG);
        CompletableFuture<Void> abandoned = CompletableFuture.runAsync(() -> crashing.flush(docs.id(), flushTs));
        WriteNodeEnvironment.await(
                "both shards to attempt a commit",
                Duration.ofSeconds(10),
                () -> refusing.attemptedShards().size() == 2);
        List<String> writtenByCrashed = env.objectKeys();
        crashing.close();
        assertThatThrownBy(() -> abandoned.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(QuiverException.class)
                .hasMessageContaining("write node stopped");
        assertThat(env.segments(docs)).isEmpty();

        WriteNode replacement = env.startNode(WriteNodeEnvironment.CONFIG);
        replacement.flush(docs.id(), flushTs);

        assertThat(env.segments(docs)).hasSize(3);
        assertThat(env.objectKeys()).isEqualTo(writtenByCrashed);
        Set<String> committedPrefixes = new HashSet<>();
        for (SegmentInfo segment : env.segments(docs)) {
            committedPrefixes.add(key(segment).toString());
        }
        assertThat(env.objectKeys()).allSatisfy(objectKey -> assertThat(committedPrefixes)
                .anyMatch(prefix -> objectKey.contains("/" + prefix + "/") || objectKey.contains("/" + prefix + ".")));
    }

    @Test
    void rowsOfAPartitionDroppedBeforeTheyWereSealedAreNotSealed() {
        WriteNode node = env.startNode(WriteNodeEnvironment.CONFIG);
        long kept = env.tso.allocate();
        writes.insert(0, docs.defaultPartition().id(), kept, 1);
        writes.insert(0, p1.id(), env.tso.allocate(), 2, 3);
        writes.insert(1, p1.id(), env.tso.allocate(), 4);

        env.catalog.dropPartition(Catalog.DEFAULT_DATABASE, "docs", "p1");
        long flushTs = env.tso.allocate();
        writes.tick(flushTs);
        node.flush(docs.id(), flushTs);

        assertThat(env.segments(docs)).singleElement().satisfies(segment -> {
            assertThat(segment.partitionId()).isEqualTo(docs.defaultPartition().id());
            assertRows(segment, new long[] {1}, new long[] {kept});
        });
    }

    @Test
    void collectionsSharingAChannelAreCheckpointedIndependently() {
        env.close();
        env = new WriteNodeEnvironment(directory.resolve("shared"), 1);
        CollectionInfo a = env.createCollection("a", 1);
        CollectionInfo b = env.createCollection("b", 1);
        ShardWrites writesA = new ShardWrites(env.log, a);
        ShardWrites writesB = new ShardWrites(env.log, b);
        long ts1 = env.tso.allocate();
        writesA.insert(0, a.defaultPartition().id(), ts1, 1);
        writesB.insert(0, b.defaultPartition().id(), ts1, 2);
        long firstTick = env.tso.allocate();
        writesA.tick(firstTick);
        WriteNode first = env.startNode(WriteNodeEnvironment.CONFIG);
        first.flush(a.id(), firstTick);
        long ts2 = env.tso.allocate();
        writesA.insert(0, a.defaultPartition().id(), ts2, 3);
        long secondTick = env.tso.allocate();
        writesA.tick(secondTick);
        first.close();

        WriteNode second = env.startNode(WriteNodeEnvironment.CONFIG);
        second.flush(a.id(), secondTick);
        second.flush(b.id(), secondTick);

        assertThat(env.segments(a)).extracting(SegmentInfo::rowCount).containsExactly(1L, 1L);
        assertRows(env.segments(a).get(0), new long[] {1}, new long[] {ts1});
        assertRows(env.segments(a).get(1), new long[] {3}, new long[] {ts2});
        assertThat(env.segments(b)).hasSize(1);
        assertRows(env.segments(b).getFirst(), new long[] {2}, new long[] {ts1});
    }

    @Test
    void collectionCreatedWhileTheConsumerStartsLosesNoRows() throws Exception {
        env.close();
        env = new WriteNodeEnvironment(directory.resolve("race"), 1);
        long[] insertTs = new long[1];
        CountDownLatch written = new CountDownLatch(1);
        // The first collection of the channel is created, and written to, just as the consumer starts.
        WriteAheadLog racing = new ForwardingWriteAheadLog(env.log) {
            @Override
            public LogPosition lastPosition(String channel) {
                if (env.catalog.findCollection(Catalog.DEFAULT_DATABASE, "late").isEmpty()) {
                    CollectionInfo late = env.createCollection("late", 1);
                    insertTs[0] = env.tso.allocate();
                    new ShardWrites(env.log, late)
                            .insert(0, late.defaultPartition().id(), insertTs[0], 5, 6);
                    written.countDown();
                }
                return super.lastPosition(channel);
            }
        };
        WriteNode node = new WriteNode(
                racing, env.store, env.catalog, env.layout.all(), WriteNodeEnvironment.CONFIG, env.executor);
        try (node) {
            node.start();
            assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();
            CollectionInfo late = env.catalog.collection(Catalog.DEFAULT_DATABASE, "late");
            long flushTs = env.tso.allocate();
            new ShardWrites(env.log, late).tick(flushTs);

            node.flush(late.id(), flushTs);

            assertThat(env.segments(late)).hasSize(1);
            assertRows(env.segments(late).getFirst(), new long[] {5, 6}, new long[] {insertTs[0], insertTs[0]});
        }
    }

    @Test
    void segmentIdsAreTheSameWhenTheSameLogIsSealedAgainElsewhere() {
        List<Long> idsHere = sealStandardLog(env);
        List<Long> idsElsewhere;
        try (WriteNodeEnvironment elsewhere = new WriteNodeEnvironment(directory.resolve("elsewhere"), 4)) {
            CollectionInfo copy = elsewhere.createCollection("docs", 2);
            elsewhere.catalog.createPartition(Catalog.DEFAULT_DATABASE, "docs", "p1");
            assertThat(copy.id()).isEqualTo(docs.id());
            idsElsewhere = sealStandardLog(elsewhere);
        }

        assertThat(idsHere).hasSize(3).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id)
                .isNotNegative());
        assertThat(idsElsewhere).isEqualTo(idsHere);
    }

    @Test
    void flushOfAnUnknownCollectionFails() {
        WriteNode node = env.startNode(WriteNodeEnvironment.CONFIG);

        assertThatThrownBy(() -> node.flush(9_999, env.tso.allocate()))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.COLLECTION_NOT_FOUND))
                .hasMessageContaining("9999");
    }

    @Test
    void flushOfACollectionNoneOfWhoseChannelsThisNodeConsumesIsUnavailable() {
        WriteNode node =
                new WriteNode(env.log, env.store, env.catalog, List.of(), WriteNodeEnvironment.CONFIG, env.executor);
        try (node) {
            assertThatThrownBy(() -> node.flush(docs.id(), env.tso.allocate()))
                    .isInstanceOfSatisfying(
                            QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                    .hasMessageContaining(docs.channels().getFirst());
        }
    }

    /** Writes the same entries with fixed timestamps, flushes, and returns the sealed segment ids. */
    private static List<Long> sealStandardLog(WriteNodeEnvironment environment) {
        CollectionInfo collection = environment.catalog.collection(Catalog.DEFAULT_DATABASE, "docs");
        ShardWrites shardWrites = new ShardWrites(environment.log, collection);
        shardWrites.insert(0, collection.defaultPartition().id(), 1_000, 1, 2);
        shardWrites.insert(0, collection.partition("p1").id(), 1_001, 3);
        shardWrites.delete(1, 1_002, 9);
        shardWrites.tick(2_000);
        environment.startNode(WriteNodeEnvironment.CONFIG).flush(collection.id(), 2_000);
        return environment.segments(collection).stream().map(SegmentInfo::id).toList();
    }

    private void assertRows(SegmentInfo segment, long[] ids, long[] timestamps) {
        ColumnBatch rows;
        try (SegmentReader reader = new SegmentReader(env.store)) {
            rows = reader.readRows(
                    key(segment),
                    ShardWrites.schema(env.catalog
                            .findCollection(segment.collectionId())
                            .orElseThrow()
                            .name()));
        }
        assertThat(rows.rowCount()).isEqualTo(ids.length).isEqualTo((int) segment.rowCount());
        assertThat(((LongColumn) rows.column("id")).values()).containsExactly(ids);
        assertThat(((LongColumn) rows.column(ColumnBatch.TIMESTAMP)).values()).containsExactly(timestamps);
        FloatVectorColumn vectors = (FloatVectorColumn) rows.column("vec");
        StringColumn titles = (StringColumn) rows.column("title");
        for (int row = 0; row < ids.length; row++) {
            assertThat(vectors.vector(row)).containsExactly(ShardWrites.vector(ids[row]));
            assertThat(titles.values()[row]).isEqualTo(ShardWrites.title(ids[row]));
        }
    }

    private static SegmentInfo segment(List<SegmentInfo> segments, int shard, long partitionId) {
        List<SegmentInfo> matching = new ArrayList<>(segments.stream()
                .filter(s -> s.shard() == shard && s.partitionId() == partitionId)
                .toList());
        assertThat(matching)
                .as("segments of shard %d partition %d", shard, partitionId)
                .hasSize(1);
        return matching.getFirst();
    }

    private static SegmentKey key(SegmentInfo segment) {
        return new SegmentKey(segment.collectionId(), segment.partitionId(), segment.id());
    }
}
