package io.quiver.bench.ann.systems;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.bench.ann.AnnSystem;
import io.quiver.bench.ann.BuildReport;
import io.quiver.bench.ann.Dataset;
import io.quiver.bench.ann.Selection;
import io.quiver.bench.dataset.GroundTruth;
import io.quiver.common.index.MetricType;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Raw jvector and Lucene HNSW on seeded Gaussian vectors: recall@10 at ef 64 against brute force, for every
 * metric, unfiltered and under a selection passing 10% of rows. IP runs on unit-length rows for both
 * systems, and on rows of unequal length for Lucene only: raw jvector's DOT_PRODUCT assumes unit vectors
 * (on these rows it reaches about 0.64, see {@link RawJvector}).
 */
class ReferenceSystemsTest {
    private static final long SEED = Long.getLong("quiver.test.seed", System.nanoTime());
    private static final int ROWS = 2_000;
    private static final int DIMENSION = 32;
    private static final int QUERIES = 100;
    private static final int K = 10;
    private static final int EF = 64;

    private static float[][] gaussian;
    private static float[][] unitLength;
    private static float[][] queries;
    private static Selection tenPercent;

    @BeforeAll
    static void data() {
        System.out.println("seed=" + SEED);
        Random random = new Random(SEED);
        gaussian = gaussian(random, ROWS);
        unitLength = new float[ROWS][];
        for (int i = 0; i < ROWS; i++) {
            unitLength[i] = normalized(gaussian[i]);
        }
        queries = gaussian(random, QUERIES);
        BitSet passing = new BitSet(ROWS);
        for (int i = 0; i < ROWS; i++) {
            passing.set(i, random.nextInt(10) == 0);
        }
        tenPercent = new Selection("10%", "rand < 100", passing);
    }

    static Stream<Arguments> systemsAndMetrics() {
        Supplier<AnnSystem> jvector = RawJvector::new;
        Supplier<AnnSystem> lucene = LuceneHnsw::new;
        return Stream.of(
                Arguments.of("jvector", jvector, MetricType.L2, false),
                Arguments.of("jvector", jvector, MetricType.COSINE, false),
                Arguments.of("jvector", jvector, MetricType.IP, true),
                Arguments.of("lucene", lucene, MetricType.L2, false),
                Arguments.of("lucene", lucene, MetricType.COSINE, false),
                Arguments.of("lucene", lucene, MetricType.IP, true),
                Arguments.of("lucene", lucene, MetricType.IP, false));
    }

    @ParameterizedTest(name = "{0} {2} unit rows {3}")
    @MethodSource("systemsAndMetrics")
    void findsTheNearestRowsWithAndWithoutASelection(
            String name, Supplier<AnnSystem> factory, MetricType metric, boolean unitRows) throws Exception {
        float[][] base = unitRows ? unitLength : gaussian;
        int[][] truth = GroundTruth.exact(base, queries, K, metric);
        int[][] filteredTruth = GroundTruth.exactAmong(base, queries, K, metric, tenPercent.passing());
        try (AnnSystem system = factory.get()) {
            BuildReport report = system.build(new Dataset("gaussian", base, queries, truth, metric, Map.of()), 16, 100);
            assertThat(report.buildSeconds()).isPositive();
            assertThat(report.heapBytes())
                    .as("heap retained, the copied vectors included")
                    .isGreaterThan((long) ROWS * DIMENSION * Float.BYTES);

            long[][] found = new long[QUERIES][];
            long[][] filtered = new long[QUERIES][];
            for (int q = 0; q < QUERIES; q++) {
                found[q] = system.search(queries[q], K, EF, null);
                filtered[q] = system.search(queries[q], K, EF, tenPercent);
                assertThat(found[q]).hasSize(K);
                assertThat(filtered[q]).hasSize(K);
                for (long id : filtered[q]) {
                    assertThat(tenPercent.passing().get((int) id))
                            .as("row %d passes the selection", id)
                            .isTrue();
                }
            }
            double recall = GroundTruth.recall(truth, found, K);
            double filteredRecall = GroundTruth.recall(filteredTruth, filtered, K);
            System.out.printf(
                    "%s %s%s: recall@%d %.4f, under 10%% %.4f%n",
                    system.name(), metric, unitRows ? " (unit rows)" : "", K, recall, filteredRecall);
            assertThat(recall).as("recall@10 at ef %d", EF).isGreaterThanOrEqualTo(0.9);
            assertThat(filteredRecall).as("recall@10 at ef %d under 10%%", EF).isGreaterThanOrEqualTo(0.9);
            for (int q = 0; q < QUERIES; q++) {
                assertBestFirst(base, queries[q], found[q], metric);
            }
        }
    }

    static Stream<Arguments> systems() {
        Supplier<AnnSystem> jvector = RawJvector::new;
        Supplier<AnnSystem> lucene = LuceneHnsw::new;
        return Stream.of(Arguments.of("jvector", jvector), Arguments.of("lucene", lucene));
    }

    /** Searches share one built graph: four threads at once must get what one thread gets alone. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("systems")
    void concurrentSearchesReturnWhatSequentialOnesDo(String name, Supplier<AnnSystem> factory) throws Exception {
        int[][] truth = GroundTruth.exact(gaussian, queries, K, MetricType.L2);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (AnnSystem system = factory.get()) {
            system.build(new Dataset("gaussian", gaussian, queries, truth, MetricType.L2, Map.of()), 16, 100);
            long[][] alone = new long[QUERIES][];
            for (int q = 0; q < QUERIES; q++) {
                alone[q] = system.search(queries[q], K, EF, q % 2 == 0 ? null : tenPercent);
            }
            List<Future<long[]>> together = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
                for (int q = 0; q < QUERIES; q++) {
                    int query = q;
                    together.add(threads.submit(
                            () -> system.search(queries[query], K, EF, query % 2 == 0 ? null : tenPercent)));
                }
            }
            for (int i = 0; i < together.size(); i++) {
                assertThat(together.get(i).get()).as("query %d", i % QUERIES).containsExactly(alone[i % QUERIES]);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static void assertBestFirst(float[][] base, float[] query, long[] ids, MetricType metric) {
        for (int i = 1; i < ids.length; i++) {
            float previous = metric.score(query, 0, base[(int) ids[i - 1]], 0, DIMENSION);
            float next = metric.score(query, 0, base[(int) ids[i]], 0, DIMENSION);
            assertThat(metric.higherIsBetter() ? previous >= next : previous <= next)
                    .as("ids best first: %s then %s", previous, next)
                    .isTrue();
        }
    }

    private static float[] normalized(float[] vector) {
        double norm = 0;
        for (float value : vector) {
            norm += value * value;
        }
        float[] unit = vector.clone();
        for (int i = 0; i < unit.length; i++) {
            unit[i] /= (float) Math.sqrt(norm);
        }
        return unit;
    }

    private static float[][] gaussian(Random random, int count) {
        float[][] vectors = new float[count][DIMENSION];
        for (float[] vector : vectors) {
            for (int i = 0; i < DIMENSION; i++) {
                vector[i] = (float) random.nextGaussian();
            }
        }
        return vectors;
    }
}
