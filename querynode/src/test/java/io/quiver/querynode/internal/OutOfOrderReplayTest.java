package io.quiver.querynode.internal;

import static io.quiver.querynode.internal.Fixtures.DIMENSION;
import static io.quiver.querynode.internal.Fixtures.SCHEMA;
import static io.quiver.querynode.internal.Fixtures.position;
import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.LongColumn;
import io.quiver.common.expr.FilterParser;
import io.quiver.common.index.MetricType;
import io.quiver.common.index.SearchParams;
import io.quiver.coordinator.SegmentInfo;
import io.quiver.coordinator.node.ShardQueryRequest;
import io.quiver.coordinator.node.ShardQueryResult;
import io.quiver.coordinator.node.ShardSearchRequest;
import io.quiver.coordinator.node.ShardSearchResult;
import io.quiver.querynode.internal.ProxyLog.Item;
import io.quiver.querynode.internal.ProxyLog.Row;
import io.quiver.querynode.internal.ProxyLog.Tick;
import io.quiver.querynode.internal.ProxyLog.Write;
import io.quiver.storage.InMemoryObjectStore;
import io.quiver.storage.binlog.DeltaBatch;
import io.quiver.storage.binlog.SegmentKey;
import io.quiver.storage.binlog.SegmentReader;
import io.quiver.storage.binlog.SegmentWriter;
import io.quiver.wal.LogPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Writes of several proxies, out of timestamp order between ticks, replayed as the query node replays
 * them (growing chunks, primary-key index, ticks, handoffs) and also sealed to binlogs and loaded
 * after a simulated restart: at every snapshot up to the last applied tick, both must show exactly the
 * rows of a model that sorts all writes by timestamp, through direct visibility, counts, filtered
 * queries and searches; and at the end the handed-off and the loaded segments must agree row for row.
 */
class OutOfOrderReplayTest {
    private static final long COLLECTION = 3;
    private static final int ROUNDS = 6;
    private static final int WRITES = 250;
    private static final int KEYS = 20;
    private static ExecutorService executor;

    @BeforeAll
    static void startExecutor() {
        executor = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stopExecutor() {
        executor.shutdownNow();
    }

    @Test
    void everySnapshotShowsTheRowsOfTheTimestampOrderedModel() {
        long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("seed=" + seed);
        for (int round = 0; round < ROUNDS; round++) {
            try (Run run = new Run(new Random(seed + round))) {
                run.run("seed " + seed + " round " + round);
            }
        }
    }

    /** The replay thread's state for one shard, as {@code ShardReplica.apply} builds it. */
    private static final class Replica {
        final PrimaryKeyIndex primaryKeys = new PrimaryKeyIndex();
        ShardSegments segments = ShardSegments.EMPTY;

        void apply(Item item, long sequence) {
            switch (item) {
                case Write write
                when write.isDelete() -> {
                    for (long key : write.keys()) {
                        primaryKeys.delete(key, write.timestamp());
                    }
                }
                case Write write -> {
                    Segment chunk = Fixtures.chunk(
                            write.partition(),
                            sequence,
                            write.timestamp(),
                            write.keys(),
                            write.tags(),
                            write.vectors());
                    Fixtures.applyInsert(primaryKeys, chunk);
                    segments = segments.withGrowing(chunk);
                }
                case Tick tick -> primaryKeys.advance(tick.timestamp());
            }
        }
    }

    private static final class Run implements AutoCloseable {
        private final Random random;
        private final InMemoryObjectStore store = new InMemoryObjectStore();
        private final SegmentWriter writer = new SegmentWriter(store);
        private final SegmentReader reader = new SegmentReader(store);
        private final ShardSearcher searcher = new ShardSearcher(SCHEMA, executor, Integer.MAX_VALUE);
        private final List<List<SegmentInfo>> ranges = new ArrayList<>();
        private ProxyLog log;
        private String context;
        private int committed;
        private long nextSegmentId = 100;

        Run(Random random) {
            this.random = random;
        }

        void run(String round) {
            log = ProxyLog.generate(random, 2 + random.nextInt(3), WRITES, KEYS);
            Replica live = new Replica();
            long tsafe = 0;
            for (int i = 0; i < log.items.size(); i++) {
                Item item = log.items.get(i);
                live.apply(item, i + 1);
                if (item instanceof Tick tick) {
                    tsafe = tick.timestamp();
                }
                context = round + ", after entry " + (i + 1) + " of " + log.items.size();
                if (random.nextInt(12) == 0) {
                    seal(live, i + 1);
                }
                if (random.nextInt(8) == 0) {
                    check(live, tsafe, "live");
                }
                if (random.nextInt(40) == 0) {
                    check(restart(i + 1), tsafe, "restarted");
                }
            }
            context = round + ", at the end";
            check(live, tsafe, "live");
            Replica restarted = restart(log.items.size());
            check(restarted, tsafe, "restarted");
            compareRowForRow(live, restarted);
        }

        /** Seals entries (committed, end] as the write node lays them out, and hands them off on {@code live}. */
        private void seal(Replica live, int end) {
            LogPosition start = committed == 0 ? LogPosition.BEGINNING : position(committed);
            List<SegmentInfo> range = new ArrayList<>();
            for (long partition = 1; partition <= 2; partition++) {
                List<ColumnBatch> batches = new ArrayList<>();
                for (Write write : writes(committed, end)) {
                    if (!write.isDelete() && write.partition() == partition) {
                        batches.add(Fixtures.rows(write.timestamp(), write.keys(), write.tags(), write.vectors()));
                    }
                }
                if (!batches.isEmpty()) {
                    ColumnBatch rows = ColumnBatch.concat(batches);
                    SegmentKey key = new SegmentKey(COLLECTION, partition, nextSegmentId++);
                    writer.write(
                            key,
                            SCHEMA,
                            rows,
                            DeltaBatch.empty(SCHEMA.primaryKey().dataType()));
                    range.add(info(key, start, end, rows.rowCount(), 0));
                }
            }
            List<Long> keys = new ArrayList<>();
            List<Long> timestamps = new ArrayList<>();
            for (Write write : writes(committed, end)) {
                if (write.isDelete()) {
                    for (long key : write.keys()) {
                        keys.add(key);
                        timestamps.add(write.timestamp());
                    }
                }
            }
            if (!keys.isEmpty()) {
                SegmentKey key = new SegmentKey(COLLECTION, SegmentInfo.ALL_PARTITIONS, nextSegmentId++);
                DeltaBatch deletes = new DeltaBatch(
                        LongColumn.int64(
                                keys.stream().mapToLong(Long::longValue).toArray()),
                        timestamps.stream().mapToLong(Long::longValue).toArray());
                writer.write(key, SCHEMA, Fixtures.rows(new long[0], new long[0], new long[0], new float[0]), deletes);
                range.add(0, info(key, start, end, 0, keys.size())); // the catalog lists partition 0 first
            }
            committed = end;
            if (!range.isEmpty()) {
                ranges.add(range);
                live.segments = Handoff.apply(live.segments, range, "id", live.primaryKeys);
            }
        }

        private List<Write> writes(int after, int upTo) {
            List<Write> writes = new ArrayList<>();
            for (Item item : log.items.subList(after, upTo)) {
                if (item instanceof Write write) {
                    writes.add(write);
                }
            }
            return writes;
        }

        /** A replica that loads every committed range from binlogs and replays the log from there to {@code end}. */
        private Replica restart(int end) {
            Replica replica = new Replica();
            SealedSegmentLoader loader = new SealedSegmentLoader(reader, SCHEMA);
            List<Segment> sealed = new ArrayList<>();
            for (List<SegmentInfo> range : ranges) {
                sealed.addAll(loader.loadRange(range, replica.primaryKeys));
            }
            replica.segments = new ShardSegments(sealed, List.of());
            for (int i = committed; i < end; i++) {
                replica.apply(log.items.get(i), i + 1);
            }
            return replica;
        }

        /**
         * Snapshots up to {@code tsafe} by direct visibility (all of them at the end, a sample before), and a
         * few through counts, queries and searches.
         */
        private void check(Replica replica, long tsafe, String which) {
            List<Segment> segments = replica.segments.all();
            boolean all = tsafe == log.lastTimestamp();
            for (long snapshot = 0; snapshot <= tsafe; snapshot += all ? 1 : 1 + random.nextInt(40)) {
                checkVisibility(segments, snapshot, which);
            }
            checkVisibility(segments, tsafe, which);
            for (int i = 0; i < 3; i++) {
                long snapshot = i == 0 ? tsafe : random.nextLong(tsafe + 1);
                checkReads(segments, snapshot, which);
            }
        }

        private void checkVisibility(List<Segment> segments, long snapshot, String which) {
            List<String> visible = new ArrayList<>();
            Set<Long> keys = new HashSet<>();
            for (Segment segment : segments) {
                for (int row = 0; row < segment.size(); row++) {
                    if (segment.visibleAt(row, snapshot)) {
                        long key = Fixtures.id(segment, row);
                        assertThat(keys.add(key))
                                .as("%s: key %d visible twice at %d, %s", which, key, snapshot, context)
                                .isTrue();
                        visible.add(describe(segment, row));
                    }
                }
            }
            visible.sort(null);
            assertThat(visible)
                    .as("%s: rows visible at %d, %s", which, snapshot, context)
                    .containsExactlyElementsOf(log.visibleAt(snapshot).stream()
                            .map(Row::describe)
                            .sorted()
                            .toList());
        }

        private void checkReads(List<Segment> segments, long snapshot, String which) {
            List<Row> expected = log.visibleAt(snapshot);
            String as = which + " at " + snapshot + ", " + context;
            ShardQueryResult count = searcher.query(segments, query("", -1, true), null, snapshot);
            assertThat(count.count()).as("count, %s", as).isEqualTo(expected.size());

            List<Row> passing = expected.stream().filter(r -> r.tag() < 500).toList();
            ShardQueryResult filtered = searcher.query(
                    segments, query("tag < 500", -1, false), FilterParser.parse("tag < 500", SCHEMA), snapshot);
            assertThat(((LongColumn) filtered.primaryKeys()).values())
                    .as("query keys, %s", as)
                    .containsExactly(passing.stream().mapToLong(Row::key).toArray());
            assertThat(((LongColumn) filtered.rows().column("tag")).values())
                    .as("query tags, %s", as)
                    .containsExactly(passing.stream().mapToLong(Row::tag).toArray());

            float[] target = new float[DIMENSION];
            for (int d = 0; d < DIMENSION; d++) {
                target[d] = (float) random.nextGaussian();
            }
            ShardSearchResult.Hits hits = searcher.search(segments, search(target), null, snapshot)
                    .perQuery()
                    .getFirst();
            long[] nearest = expected.stream()
                    .sorted(Comparator.comparingDouble(r -> MetricType.L2.score(target, 0, r.vector(), 0, DIMENSION)))
                    .limit(5)
                    .mapToLong(Row::key)
                    .toArray();
            assertThat(((LongColumn) hits.primaryKeys()).values())
                    .as("search hits, %s", as)
                    .containsExactly(nearest);
        }

        /** The handed-off and the loaded replicas hold the same rows with the same ends. */
        private void compareRowForRow(Replica live, Replica restarted) {
            assertThat(restarted.segments.sealed()).hasSameSizeAs(live.segments.sealed());
            assertThat(restarted.segments.growing()).hasSameSizeAs(live.segments.growing());
            List<Segment> liveAll = live.segments.all();
            List<Segment> restartedAll = restarted.segments.all();
            for (int i = 0; i < liveAll.size(); i++) {
                Segment a = liveAll.get(i);
                Segment b = restartedAll.get(i);
                assertThat(b.id).as(context).isEqualTo(a.id);
                assertThat(((LongColumn) b.primaryKeys).values())
                        .as("keys of segment %d, %s", a.id, context)
                        .containsExactly(((LongColumn) a.primaryKeys).values());
                assertThat(b.insertTs)
                        .as("insertTs of segment %d, %s", a.id, context)
                        .containsExactly(a.insertTs);
                assertThat(b.supersededTs)
                        .as("supersededTs of segment %d, %s", a.id, context)
                        .containsExactly(a.supersededTs);
            }
        }

        private static String describe(Segment segment, int row) {
            return new Row(
                            Fixtures.id(segment, row),
                            Fixtures.tag(segment, row),
                            segment.partitionId,
                            Fixtures.vector(segment, row))
                    .describe();
        }

        private static SegmentInfo info(SegmentKey key, LogPosition start, int end, long rows, long deletes) {
            return new SegmentInfo(
                    key.segmentId(),
                    COLLECTION,
                    key.partitionId(),
                    0,
                    start,
                    position(end),
                    rows,
                    deletes,
                    0,
                    Map.of());
        }

        private static ShardQueryRequest query(String filter, long limit, boolean countOnly) {
            return new ShardQueryRequest(
                    COLLECTION,
                    0,
                    List.of(),
                    filter,
                    countOnly ? List.of() : List.of("tag"),
                    limit,
                    countOnly,
                    0,
                    0,
                    Duration.ofSeconds(1));
        }

        private static ShardSearchRequest search(float[] target) {
            return new ShardSearchRequest(
                    COLLECTION,
                    0,
                    List.of(),
                    "vec",
                    List.of(target),
                    5,
                    MetricType.L2,
                    new SearchParams(64),
                    "",
                    0,
                    0,
                    List.of(),
                    Duration.ofSeconds(1));
        }

        @Override
        public void close() {
            writer.close();
            reader.close();
        }
    }
}
