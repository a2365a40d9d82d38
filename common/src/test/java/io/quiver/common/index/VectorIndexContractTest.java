package io.quiver.common.index;

import static java.util.stream.IntStream.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.data.FloatVectorColumn;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every {@link VectorIndex} must do, run once per {@link IndexType}: recall against brute force, exact
 * Milvus scores best first, row filters, {@code k} beyond the size, write/load round trips, rejection of
 * damaged or foreign files, empty indexes. Data is seeded Gaussian noise (seed printed; override with
 * {@code -Dquiver.test.seed=N}).
 */
public abstract class VectorIndexContractTest {
    private static final long SEED = Long.getLong("quiver.test.seed", 0x5EED_1DEAL);
    private static final int ROWS = 2_000;
    private static final int DIMENSION = 32;
    private static final int K = 10;
    private static final int QUERIES = 40;
    private static final SearchParams PARAMS = new SearchParams(64);

    private final List<VectorIndex> opened = new ArrayList<>();
    private ExecutorService executor;
    private Random random;
    private FloatVectorColumn vectors;
    private float[][] queries;

    protected abstract IndexType type();

    /**
     * FLAT is exact. HNSW with M 16, efConstruction 100, ef 64 must find 95% of the true top 10 for L2 and
     * COSINE (over 20 seeds: mean 0.98, worst 0.965), 85% for IP: inner product search on isotropic Gaussian
     * data is the hard case for graphs (the query is far from every row in the lifted Euclidean space the graph
     * is built in; over 20 seeds: mean 0.90, worst 0.86; ef 128 gives 0.97).
     */
    private double minimumRecall(MetricType metric) {
        if (type() == IndexType.FLAT) {
            return 1.0;
        }
        return metric == MetricType.IP ? 0.85 : 0.95;
    }

    @BeforeEach
    void setUp() {
        System.out.println("seed=" + SEED);
        random = new Random(SEED);
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(2, task -> new Thread(task, "index-test-" + threads.incrementAndGet()));
        vectors = gaussianColumn(ROWS, DIMENSION);
        queries = new float[QUERIES][];
        for (int q = 0; q < QUERIES; q++) {
            queries[q] = gaussianColumn(1, DIMENSION).values();
        }
    }

    @AfterEach
    void tearDown() {
        opened.forEach(VectorIndex::close);
        executor.shutdownNow();
    }

    @ParameterizedTest
    @EnumSource(MetricType.class)
    void findsTheNearestRowsWithExactScoresBestFirst(MetricType metric) {
        VectorIndex index = build(metric, vectors);
        assertThat(index.size()).isEqualTo(ROWS);
        assertThat(index.spec().metric()).isEqualTo(metric);
        assertRecall(index, metric, null, K);
    }

    @ParameterizedTest
    @EnumSource(MetricType.class)
    void returnsOnlyRowsTheFilterAccepts(MetricType metric) {
        VectorIndex index = build(metric, vectors);
        BitSet third = randomRows(ROWS / 3);
        assertRecall(index, metric, third::get, K);
        BitSet few = randomRows(30);
        assertRecall(index, metric, few::get, K);
    }

    @Test
    void returnsEveryAcceptedRowWhenKExceedsTheSize() {
        VectorIndex index = build(MetricType.L2, vectors);
        SearchHits all = index.search(queries[0], ROWS + 5, PARAMS, null);
        assertThat(all.ordinals()).containsExactlyInAnyOrder(range(0, ROWS).toArray());
        assertBestFirst(MetricType.L2, all);

        BitSet accepted = randomRows(50);
        SearchHits filtered = index.search(queries[1], ROWS * 2, PARAMS, accepted::get);
        assertThat(filtered.ordinals())
                .containsExactlyInAnyOrder(accepted.stream().toArray());
        assertBestFirst(MetricType.L2, filtered);
    }

    @Test
    void returnsNothingWhenTheFilterAcceptsNothing() {
        VectorIndex index = build(MetricType.COSINE, vectors);
        assertThat(index.search(queries[0], K, PARAMS, row -> false).size()).isZero();
    }

    @Test
    void returnsRowsWithNegativeInnerProducts() {
        float[] values = new float[ROWS * DIMENSION];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        FloatVectorColumn positive = new FloatVectorColumn(DIMENSION, values);
        VectorIndex index = build(MetricType.IP, positive);
        float[] query = new float[DIMENSION];
        Arrays.fill(query, -1f);
        SearchHits hits = index.search(query, K, PARAMS, null);
        assertThat(hits.size()).isEqualTo(K);
        for (float score : hits.scores()) {
            assertThat(score).isNegative();
        }
        assertThat(recall(MetricType.IP, positive, query, hits, null, K))
                .isGreaterThanOrEqualTo(minimumRecall(MetricType.IP));
    }

    @ParameterizedTest
    @EnumSource(MetricType.class)
    void scoresZeroVectorsWithoutNaN(MetricType metric) {
        FloatVectorColumn withZeros = gaussianColumn(ROWS, DIMENSION);
        for (int row = 0; row < ROWS; row += 100) {
            Arrays.fill(withZeros.values(), withZeros.offset(row), withZeros.offset(row + 1), 0f);
        }
        VectorIndex index = build(metric, withZeros);
        for (float[] query : List.of(queries[0], new float[DIMENSION])) {
            SearchHits hits = index.search(query, K, PARAMS, null);
            assertThat(hits.size()).isEqualTo(K);
            for (int i = 0; i < K; i++) {
                int row = hits.ordinals()[i];
                float exact = metric.score(query, 0, withZeros.values(), withZeros.offset(row), DIMENSION);
                assertThat(hits.scores()[i]).isNotNaN().isEqualTo(exact);
            }
        }
        SearchHits zeroRowsOnly = index.search(queries[1], K, PARAMS, row -> row % 100 == 0);
        float expected = metric == MetricType.L2 ? squaredNorm(queries[1]) : 0f;
        assertThat(zeroRowsOnly.scores()).containsOnly(expected);
    }

    @ParameterizedTest
    @EnumSource(MetricType.class)
    void writeThenLoadGivesIdenticalResults(MetricType metric) throws IOException {
        VectorIndex index = build(metric, vectors);
        VectorIndex loaded = open(VectorIndexes.load(index.spec(), new ByteArrayInputStream(bytesOf(index)), vectors));
        assertThat(loaded.size()).isEqualTo(ROWS);
        assertThat(loaded.spec()).isEqualTo(index.spec());
        BitSet half = randomRows(ROWS / 2);
        for (float[] query : queries) {
            assertSameHits(loaded.search(query, K, PARAMS, null), index.search(query, K, PARAMS, null));
            assertSameHits(loaded.search(query, K, PARAMS, half::get), index.search(query, K, PARAMS, half::get));
        }
    }

    @Test
    void rejectsAnUnknownFormatVersion() throws IOException {
        byte[] bytes = bytesOf(build(MetricType.L2, vectors));
        bytes[7]++; // the version: the second big-endian int
        assertCorrupt(bytes, spec(MetricType.L2, DIMENSION), vectors, "version 2");
    }

    @Test
    void rejectsAForeignFile() throws IOException {
        byte[] bytes = bytesOf(build(MetricType.L2, vectors));
        bytes[0] ^= 0x7F;
        assertCorrupt(bytes, spec(MetricType.L2, DIMENSION), vectors, "magic");
    }

    @Test
    void rejectsATruncatedFile() throws IOException {
        byte[] bytes = bytesOf(build(MetricType.L2, vectors));
        assertCorrupt(Arrays.copyOf(bytes, bytes.length - 1), spec(MetricType.L2, DIMENSION), vectors, "");
    }

    @Test
    void rejectsAFileOfAnotherDimension() throws IOException {
        byte[] bytes = bytesOf(build(MetricType.L2, vectors));
        FloatVectorColumn wider = gaussianColumn(ROWS, DIMENSION + 1);
        assertCorrupt(bytes, spec(MetricType.L2, DIMENSION + 1), wider, "dimension " + DIMENSION);
    }

    @Test
    void rejectsAFileOverAnotherNumberOfRows() throws IOException {
        byte[] bytes = bytesOf(build(MetricType.L2, vectors));
        FloatVectorColumn fewer = gaussianColumn(ROWS - 1, DIMENSION);
        assertCorrupt(bytes, spec(MetricType.L2, DIMENSION), fewer, String.valueOf(ROWS));
    }

    @Test
    void emptyIndexFindsNothingBeforeAndAfterALoad() throws IOException {
        FloatVectorColumn empty = new FloatVectorColumn(DIMENSION, new float[0]);
        VectorIndex index = build(MetricType.COSINE, empty);
        assertThat(index.size()).isZero();
        assertThat(index.search(queries[0], K, PARAMS, null).size()).isZero();
        VectorIndex loaded = open(VectorIndexes.load(index.spec(), new ByteArrayInputStream(bytesOf(index)), empty));
        assertThat(loaded.size()).isZero();
        assertThat(loaded.search(queries[0], K, PARAMS, null).size()).isZero();
    }

    @Test
    void rejectsAQueryOfAnotherDimensionAndANonPositiveK() {
        VectorIndex index = build(MetricType.L2, vectors);
        assertThatThrownBy(() -> index.search(new float[DIMENSION - 1], K, PARAMS, null))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DIMENSION_MISMATCH))
                .hasMessageContaining("query vector dimension " + (DIMENSION - 1));
        assertThatThrownBy(() -> index.search(queries[0], 0, PARAMS, null))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("top-k is 0");
    }

    @Test
    void concurrentSearchesGiveTheSameResultsAsSequentialOnes() throws Exception {
        VectorIndex index = build(MetricType.L2, vectors);
        SearchHits[] expected = new SearchHits[QUERIES];
        for (int q = 0; q < QUERIES; q++) {
            expected[q] = index.search(queries[q], K, PARAMS, null);
        }
        ExecutorService searchers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                futures.add(searchers.submit(() -> {
                    for (int q = 0; q < QUERIES; q++) {
                        assertSameHits(index.search(queries[q], K, PARAMS, null), expected[q]);
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            searchers.shutdownNow();
        }
    }

    private void assertRecall(VectorIndex index, MetricType metric, RowFilter filter, int k) {
        double recallSum = 0;
        for (float[] query : queries) {
            SearchHits hits = index.search(query, k, PARAMS, filter);
            assertThat(hits.size()).isLessThanOrEqualTo(k);
            for (int i = 0; i < hits.size(); i++) {
                int row = hits.ordinals()[i];
                assertThat(row).isBetween(0, ROWS - 1);
                assertThat(filter == null || filter.accept(row))
                        .as("row %d passes the filter", row)
                        .isTrue();
                float exact = metric.score(query, 0, vectors.values(), vectors.offset(row), DIMENSION);
                assertThat(hits.scores()[i]).isNotNaN().isCloseTo(exact, within(1e-4f));
            }
            assertThat(hits.ordinals()).doesNotHaveDuplicates();
            assertBestFirst(metric, hits);
            recallSum += recall(metric, vectors, query, hits, filter, k);
        }
        assertThat(recallSum / queries.length)
                .as("mean recall@%d, %s", k, metric)
                .isGreaterThanOrEqualTo(minimumRecall(metric));
    }

    /** The share of the true top k found; a hit scoring exactly as the k-th best counts (ties). */
    private static double recall(
            MetricType metric, FloatVectorColumn column, float[] query, SearchHits hits, RowFilter filter, int k) {
        List<Float> truth = new ArrayList<>();
        for (int row = 0; row < column.size(); row++) {
            if (filter == null || filter.accept(row)) {
                truth.add(metric.score(query, 0, column.values(), column.offset(row), column.dimension()));
            }
        }
        truth.sort((a, b) -> metric.higherIsBetter() ? Float.compare(b, a) : Float.compare(a, b));
        int wanted = Math.min(k, truth.size());
        if (wanted == 0) {
            return hits.size() == 0 ? 1.0 : 0.0;
        }
        float kth = truth.get(wanted - 1);
        int found = 0;
        for (int i = 0; i < hits.size(); i++) {
            int row = hits.ordinals()[i];
            float score = metric.score(query, 0, column.values(), column.offset(row), column.dimension());
            if (!metric.isBetter(kth, score)) {
                found++;
            }
        }
        return Math.min(found, wanted) / (double) wanted;
    }

    private static void assertBestFirst(MetricType metric, SearchHits hits) {
        for (int i = 1; i < hits.size(); i++) {
            assertThat(metric.isBetter(hits.scores()[i], hits.scores()[i - 1]))
                    .as("hit %d (%s) ranks after hit %d (%s)", i, hits.scores()[i], i - 1, hits.scores()[i - 1])
                    .isFalse();
        }
    }

    private static void assertSameHits(SearchHits actual, SearchHits expected) {
        assertThat(actual.ordinals()).containsExactly(expected.ordinals());
        assertThat(actual.scores()).containsExactly(expected.scores());
    }

    private void assertCorrupt(byte[] bytes, IndexSpec spec, FloatVectorColumn column, String messagePart) {
        assertThatThrownBy(() -> VectorIndexes.load(spec, new ByteArrayInputStream(bytes), column))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA))
                .hasMessageContaining(messagePart);
    }

    private VectorIndex build(MetricType metric, FloatVectorColumn column) {
        return open(VectorIndexes.build(spec(metric, column.dimension()), column, executor));
    }

    private VectorIndex open(VectorIndex index) {
        opened.add(index);
        return index;
    }

    private IndexSpec spec(MetricType metric, int dimension) {
        return new IndexSpec(type(), metric, dimension, 16, 100);
    }

    private static float squaredNorm(float[] vector) {
        return MetricType.L2.score(vector, 0, new float[vector.length], 0, vector.length);
    }

    private static byte[] bytesOf(VectorIndex index) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        index.write(out);
        return out.toByteArray();
    }

    private FloatVectorColumn gaussianColumn(int rows, int dimension) {
        float[] values = new float[rows * dimension];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return new FloatVectorColumn(dimension, values);
    }

    private BitSet randomRows(int count) {
        BitSet rows = new BitSet(ROWS);
        while (rows.cardinality() < count) {
            rows.set(random.nextInt(ROWS));
        }
        return rows;
    }
}
