package io.quiver.common.index.hnsw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.index.IndexSpec;
import io.quiver.common.index.IndexType;
import io.quiver.common.index.MetricType;
import io.quiver.common.index.RowFilter;
import io.quiver.common.index.SearchHits;
import io.quiver.common.index.SearchParams;
import io.quiver.common.index.flat.FlatIndex;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.BitSet;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** HNSW specifics the contract test does not cover: executors, closing, the filtered walk. */
class HnswIndexTest {
    private static final long SEED = Long.getLong("quiver.test.seed", 7L);
    private static final int DIMENSION = 16;
    private static final IndexSpec SPEC = new IndexSpec(IndexType.HNSW, MetricType.L2, DIMENSION, 16, 100);

    @Test
    void buildsOnAForkJoinPoolAndLeavesItRunning() {
        FloatVectorColumn vectors = randomColumn(500);
        ForkJoinPool pool = new ForkJoinPool(2);
        try (HnswIndex index = HnswIndex.build(SPEC, vectors, pool)) {
            assertFindsItself(index, vectors);
            assertThat(pool.isShutdown()).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void buildsFromInsideASingleThreadExecutor() throws Exception {
        FloatVectorColumn vectors = randomColumn(500);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            HnswIndex index = executor.submit(() -> HnswIndex.build(SPEC, vectors, executor))
                    .get(30, TimeUnit.SECONDS);
            assertFindsItself(index, vectors);
            index.close();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aSelectiveFilterStillGetsTheExactAnswer() {
        FloatVectorColumn vectors = randomColumn(2_000);
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try (HnswIndex index = HnswIndex.build(SPEC, vectors, executor)) {
            FlatIndex exact = FlatIndex.build(SPEC, vectors);
            Random random = new Random(SEED);
            for (int q = 0; q < 20; q++) {
                float[] query = new float[DIMENSION];
                for (int i = 0; i < DIMENSION; i++) {
                    query[i] = (float) random.nextGaussian();
                }
                int modulus = 50 + random.nextInt(50); // 1 to 2% of the rows pass
                SearchHits hits = index.search(query, 10, new SearchParams(16), row -> row % modulus == 3);
                SearchHits expected = exact.search(query, 10, SearchParams.DEFAULT, row -> row % modulus == 3);
                assertThat(hits.ordinals()).containsExactly(expected.ordinals());
            }
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aFilterCorrelatedWithTheVectorsGetsTheExactAnswerAndTheIndexStaysUsable() {
        // 1,900 rows around the origin, 100 far away; the filter passes only the far ones, queries start near
        // the origin, so the walk meets no passing row for a long time and must give up for a scan
        Random random = new Random(SEED);
        System.out.println("seed=" + SEED);
        int rows = 2_000;
        float[] values = new float[rows * DIMENSION];
        BitSet far = new BitSet(rows);
        for (int row = 0; row < rows; row++) {
            boolean isFar = row >= 1_900;
            far.set(row, isFar);
            for (int i = 0; i < DIMENSION; i++) {
                values[row * DIMENSION + i] = (float) random.nextGaussian() + (isFar ? 20 : 0);
            }
        }
        FloatVectorColumn vectors = new FloatVectorColumn(DIMENSION, values);
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try (HnswIndex index = HnswIndex.build(SPEC, vectors, executor)) {
            FlatIndex exact = FlatIndex.build(SPEC, vectors);
            for (int q = 0; q < 20; q++) {
                float[] query = new float[DIMENSION];
                for (int i = 0; i < DIMENSION; i++) {
                    query[i] = (float) random.nextGaussian();
                }
                SearchHits hits = index.search(query, 10, new SearchParams(16), RowFilter.of(far));
                SearchHits expected = exact.search(query, 10, SearchParams.DEFAULT, RowFilter.of(far));
                assertThat(hits.ordinals()).containsExactly(expected.ordinals());
            }
            assertFindsItself(index, vectors);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void refusesToSearchOnceClosed() {
        FloatVectorColumn vectors = randomColumn(100);
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            HnswIndex index = HnswIndex.build(SPEC, vectors, executor);
            index.close();
            assertThatThrownBy(() -> index.search(vectors.vector(0), 5, SearchParams.DEFAULT, null))
                    .isInstanceOfSatisfying(
                            QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                    .hasMessageContaining("closed");
            assertThatThrownBy(() -> index.search(vectors.vector(0), 500, SearchParams.DEFAULT, null))
                    .isInstanceOf(QuiverException.class)
                    .hasMessageContaining("closed");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void rejectsADamagedGraphAndAFileOfAnotherMetric() throws Exception {
        FloatVectorColumn vectors = randomColumn(300);
        ExecutorService executor = Executors.newFixedThreadPool(2);
        byte[] bytes;
        try (HnswIndex index = HnswIndex.build(SPEC, vectors, executor)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            index.write(out);
            bytes = out.toByteArray();
        } finally {
            executor.shutdownNow();
        }
        byte[] damaged = bytes.clone();
        damaged[damaged.length / 2] ^= 0x10;
        assertThatThrownBy(() -> HnswIndex.load(SPEC, new ByteArrayInputStream(damaged), vectors))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA))
                .hasMessageContaining("checksum");
        IndexSpec cosine = new IndexSpec(IndexType.HNSW, MetricType.COSINE, DIMENSION, 16, 100);
        assertThatThrownBy(() -> HnswIndex.load(cosine, new ByteArrayInputStream(bytes), vectors))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA))
                .hasMessageContaining("metric COSINE");
    }

    private static void assertFindsItself(HnswIndex index, FloatVectorColumn vectors) {
        for (int row = 0; row < vectors.size(); row += 50) {
            SearchHits hits = index.search(vectors.vector(row), 1, new SearchParams(32), null);
            assertThat(hits.ordinals()).containsExactly(row);
            assertThat(hits.scores()).containsExactly(0f);
        }
    }

    private static FloatVectorColumn randomColumn(int rows) {
        System.out.println("seed=" + SEED);
        Random random = new Random(SEED + rows);
        float[] values = new float[rows * DIMENSION];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return new FloatVectorColumn(DIMENSION, values);
    }
}
