package io.quiver.querynode.internal;

import static io.quiver.querynode.internal.Fixtures.DIMENSION;
import static io.quiver.querynode.internal.Fixtures.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.data.LongColumn;
import io.quiver.common.expr.Filter;
import io.quiver.common.expr.FilterParser;
import io.quiver.common.index.IndexSpec;
import io.quiver.common.index.IndexType;
import io.quiver.common.index.MetricType;
import io.quiver.common.index.SearchParams;
import io.quiver.common.index.VectorIndexes;
import io.quiver.coordinator.node.ShardQueryRequest;
import io.quiver.coordinator.node.ShardQueryResult;
import io.quiver.coordinator.node.ShardSearchRequest;
import io.quiver.coordinator.node.ShardSearchResult;
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
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ShardSearcherTest {
    private static final String FILTER = "tag < 500";
    private static ExecutorService executor;

    private final long seed = Long.getLong("seed", System.nanoTime());
    private final Random random = new Random(seed);

    @BeforeAll
    static void startExecutor() {
        executor = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stopExecutor() {
        executor.shutdownNow();
    }

    @Test
    void snapshotHidesNewerRowsAndSupersededVersionsAndTimeTravelShowsOldOnes() {
        ShardHistory shard = new ShardHistory(random);
        shard.insert(1, 10, new long[] {1, 2}, new long[] {1, 2}, new float[] {1, 0, 0, 0, 0, 1, 0, 0});
        shard.insert(2, 20, new long[] {1}, new long[] {11}, new float[] {-5, -5, -5, -5});
        shard.insert(1, 30, new long[] {3}, new long[] {3}, new float[] {1, 0, 0, 0.1f});
        shard.delete(40, 2);
        ShardSearcher searcher = new ShardSearcher(SCHEMA, executor, 0);
        float[] query = {1, 0, 0, 0};

        assertThat(hits(searcher, shard.segments(), query, 5)).isEmpty();
        assertThat(hits(searcher, shard.segments(), query, 15)).containsExactly("1:1:0.0", "2:2:2.0");
        assertThat(hits(searcher, shard.segments(), query, 25)).containsExactly("2:2:2.0", "1:11:111.0");
        assertThat(hits(searcher, shard.segments(), query, 39)).containsExactly("3:3:0.01", "2:2:2.0", "1:11:111.0");
        assertThat(hits(searcher, shard.segments(), query, 40)).containsExactly("3:3:0.01", "1:11:111.0");

        shard.handOffAll();
        assertThat(shard.shardSegments().growing()).isEmpty();
        assertThat(hits(searcher, shard.segments(), query, 15)).containsExactly("1:1:0.0", "2:2:2.0");
        assertThat(hits(searcher, shard.segments(), query, 40)).containsExactly("3:3:0.01", "1:11:111.0");
    }

    @Test
    void exactTopKMatchesBruteForceWithFilterAndVisibility() {
        System.out.println("seed=" + seed);
        ShardHistory shard = randomShard(200);
        ShardSearcher searcher = new ShardSearcher(SCHEMA, executor, 0);
        Filter filter = FilterParser.parse(FILTER, SCHEMA);
        for (MetricType metric : MetricType.values()) {
            for (long snapshot : new long[] {105, 1_000, 1_555, 2_000, 3_000, 4_000}) {
                List<float[]> queries = List.of(randomVector(), randomVector(), randomVector());
                ShardSearchResult result = searcher.search(
                        shard.segments(), searchRequest(queries, 10, metric, List.of("tag")), filter, snapshot);
                for (int q = 0; q < queries.size(); q++) {
                    checkAgainstBruteForce(
                            shard,
                            metric,
                            queries.get(q),
                            snapshot,
                            10,
                            result.perQuery().get(q));
                }
            }
        }
    }

    @Test
    void queryReturnsMatchingRowsInPrimaryKeyOrderUpToTheLimit() {
        System.out.println("seed=" + seed);
        ShardHistory shard = randomShard(150);
        ShardSearcher searcher = new ShardSearcher(SCHEMA, executor, 0);
        Filter filter = FilterParser.parse(FILTER, SCHEMA);
        for (long snapshot : new long[] {1_000, 2_555, 4_000}) {
            List<ShardHistory.Version> expected = shard.visibleAt(snapshot).stream()
                    .filter(v -> v.tag < 500)
                    .sorted(Comparator.comparingLong(v -> v.key))
                    .toList();

            ShardQueryResult limited = searcher.query(shard.segments(), queryRequest(7, false), filter, snapshot);
            assertThat(((LongColumn) limited.primaryKeys()).values())
                    .containsExactly(
                            expected.stream().limit(7).mapToLong(v -> v.key).toArray());
            assertThat(((LongColumn) limited.rows().column("tag")).values())
                    .containsExactly(
                            expected.stream().limit(7).mapToLong(v -> v.tag).toArray());
            assertThat(limited.count()).as("count is before the limit").isEqualTo(expected.size());

            ShardQueryResult all = searcher.query(shard.segments(), queryRequest(-1, false), filter, snapshot);
            assertThat(((LongColumn) all.primaryKeys()).values())
                    .containsExactly(expected.stream().mapToLong(v -> v.key).toArray());

            ShardQueryResult count = searcher.query(shard.segments(), queryRequest(-1, true), null, snapshot);
            assertThat(count.count()).isEqualTo(shard.visibleAt(snapshot).size());
            assertThat(count.primaryKeys().size()).isZero();
        }
    }

    @Test
    void annIndexWithAnotherMetricIsRejected() {
        ShardHistory shard = randomShard(60);
        shard.handOffAll();
        Segment sealed = shard.shardSegments().sealed().getFirst();
        attachHnsw(sealed, MetricType.L2);
        List<float[]> queries = List.of(randomVector());
        Filter filter = FilterParser.parse("tag >= 0", SCHEMA);

        ShardSearcher annSearcher = new ShardSearcher(SCHEMA, executor, 0);
        assertThatThrownBy(() -> annSearcher.search(
                        shard.segments(), searchRequest(queries, 5, MetricType.IP, List.of()), filter, 4_000))
                .isInstanceOf(QuiverException.class)
                .hasMessage("metric type IP does not match the index on field 'vec' (L2)")
                .extracting(e -> ((QuiverException) e).code())
                .isEqualTo(ErrorCode.METRIC_NOT_SUPPORTED);
        assertThat(annSearcher
                        .search(shard.segments(), searchRequest(queries, 5, MetricType.L2, List.of()), filter, 4_000)
                        .perQuery()
                        .getFirst()
                        .size())
                .isEqualTo(5);
    }

    @Test
    void exactScanAndAnnPathsGiveTheSameTopKOnSmallData() {
        System.out.println("seed=" + seed);
        ShardHistory shard = randomShard(300);
        shard.handOffAll();
        for (Segment sealed : shard.shardSegments().sealed()) {
            attachHnsw(sealed, MetricType.L2);
        }
        ShardSearcher annSearcher = new ShardSearcher(SCHEMA, executor, 0);
        ShardSearcher exactSearcher = new ShardSearcher(SCHEMA, executor, 1_000_000);
        Filter filter = FilterParser.parse(FILTER, SCHEMA);
        for (long snapshot : new long[] {1_500, 3_000, 6_000}) {
            List<float[]> queries = List.of(randomVector(), randomVector(), randomVector(), randomVector());
            ShardSearchRequest request = searchRequest(queries, 8, MetricType.L2, List.of("tag"));
            ShardSearchResult ann = annSearcher.search(shard.segments(), request, filter, snapshot);
            ShardSearchResult exact = exactSearcher.search(shard.segments(), request, filter, snapshot);
            for (int q = 0; q < queries.size(); q++) {
                ShardSearchResult.Hits annHits = ann.perQuery().get(q);
                ShardSearchResult.Hits exactHits = exact.perQuery().get(q);
                assertThat(((LongColumn) annHits.primaryKeys()).values())
                        .as("query %d at %d (seed %d)", q, snapshot, seed)
                        .containsExactly(((LongColumn) exactHits.primaryKeys()).values());
                assertThat(annHits.scores()).containsExactly(exactHits.scores(), within(1e-4f));
                checkAgainstBruteForce(shard, MetricType.L2, queries.get(q), snapshot, 8, exactHits);
            }
        }
    }

    /** A shard of {@code rows} row versions: inserts and upserts over two partitions, deletes, one handoff. */
    private ShardHistory randomShard(int rows) {
        ShardHistory shard = new ShardHistory(random);
        long timestamp = 100;
        int written = 0;
        int keySpace = rows * 2 / 3;
        while (written < rows) {
            long[] keys = random.longs(5, 0, keySpace).distinct().toArray();
            shard.insert(1 + random.nextInt(2), timestamp, keys);
            written += keys.length;
            timestamp += 50;
            if (random.nextInt(4) == 0) {
                shard.delete(timestamp, random.nextInt(keySpace), random.nextInt(keySpace));
                timestamp += 50;
            }
            if (written >= rows / 2 && shard.shardSegments().sealed().isEmpty()) {
                shard.handOffAll();
            }
        }
        return shard;
    }

    private void checkAgainstBruteForce(
            ShardHistory shard, MetricType metric, float[] query, long snapshot, int k, ShardSearchResult.Hits hits) {
        Map<Long, ShardHistory.Version> eligible = shard.visibleAt(snapshot).stream()
                .filter(v -> v.tag < 500)
                .collect(Collectors.toMap(v -> v.key, Function.identity()));
        List<Float> expectedScores = eligible.values().stream()
                .map(v -> metric.score(query, 0, v.vector, 0, DIMENSION))
                .sorted(metric.higherIsBetter() ? Comparator.reverseOrder() : Comparator.naturalOrder())
                .limit(k)
                .toList();
        String context = metric + " at " + snapshot + " (seed " + seed + ")";
        assertThat(hits.size()).as(context).isEqualTo(expectedScores.size());
        long[] keys = ((LongColumn) hits.primaryKeys()).values();
        long[] tags = ((LongColumn) hits.fields().column("tag")).values();
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < hits.size(); i++) {
            ShardHistory.Version version = eligible.get(keys[i]);
            assertThat(version)
                    .as("hit %d (key %d) must be visible and pass the filter, %s", i, keys[i], context)
                    .isNotNull();
            assertThat(seen.add(keys[i]))
                    .as("key %d twice, %s", keys[i], context)
                    .isTrue();
            assertThat(tags[i]).as(context).isEqualTo(version.tag);
            float exact = metric.score(query, 0, version.vector, 0, DIMENSION);
            assertThat(hits.scores()[i]).as(context).isCloseTo(exact, within(1e-4f * (1 + Math.abs(exact))));
            assertThat(hits.scores()[i])
                    .as("rank %d, %s", i, context)
                    .isCloseTo(expectedScores.get(i), within(1e-4f * (1 + Math.abs(exact))));
        }
    }

    private static List<String> hits(ShardSearcher searcher, List<Segment> segments, float[] query, long snapshot) {
        ShardSearchResult.Hits hits = searcher.search(
                        segments, searchRequest(List.of(query), 3, MetricType.L2, List.of("tag")), null, snapshot)
                .perQuery()
                .getFirst();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < hits.size(); i++) {
            out.add(((LongColumn) hits.primaryKeys()).get(i) + ":"
                    + ((LongColumn) hits.fields().column("tag")).get(i) + ":"
                    + Math.round(hits.scores()[i] * 1000) / 1000.0);
        }
        return out;
    }

    private void attachHnsw(Segment segment, MetricType metric) {
        FloatVectorColumn vectors = (FloatVectorColumn) segment.rows.column("vec");
        segment.attachIndex(
                "vec",
                VectorIndexes.build(new IndexSpec(IndexType.HNSW, metric, DIMENSION, 16, 200), vectors, executor));
    }

    private float[] randomVector() {
        float[] vector = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return vector;
    }

    private static ShardSearchRequest searchRequest(
            List<float[]> queries, int k, MetricType metric, List<String> outputFields) {
        return new ShardSearchRequest(
                1,
                0,
                List.of(),
                "vec",
                queries,
                k,
                metric,
                new SearchParams(400),
                "",
                0,
                0,
                outputFields,
                Duration.ofSeconds(1));
    }

    private static ShardQueryRequest queryRequest(long limit, boolean countOnly) {
        return new ShardQueryRequest(
                1,
                0,
                List.of(),
                FILTER,
                countOnly ? List.of() : List.of("tag"),
                limit,
                countOnly,
                0,
                0,
                Duration.ofSeconds(1));
    }
}
