package io.quiver.common.index;

import io.quiver.common.data.FloatVectorColumn;
import java.util.Arrays;

/**
 * Turns candidate rows into {@link SearchHits} scored by {@link MetricType#score}. Every index reports these
 * exact scores (whatever arithmetic found the candidates), so FLAT and HNSW results over the same rows agree
 * bit for bit, and the order is always best first with ties broken by the lower ordinal.
 */
public final class ExactScores {
    private ExactScores() {}

    /** Hits for the first {@code count} entries of {@code ordinals}, scored against {@code query}. */
    public static SearchHits hits(
            MetricType metric, float[] query, FloatVectorColumn vectors, int[] ordinals, int count) {
        if (count == 0) {
            return SearchHits.EMPTY;
        }
        int dimension = vectors.dimension();
        float[] values = vectors.values();
        long[] keyed = new long[count];
        for (int i = 0; i < count; i++) {
            int ordinal = ordinals[i];
            float score = metric.score(query, 0, values, ordinal * dimension, dimension);
            float key = metric.higherIsBetter() ? -score : score;
            keyed[i] = ((long) sortable(Float.floatToIntBits(key)) << 32) | (ordinal & 0xFFFF_FFFFL);
        }
        Arrays.sort(keyed);
        int[] outOrdinals = new int[count];
        float[] outScores = new float[count];
        for (int i = 0; i < count; i++) {
            float key = Float.intBitsToFloat(sortable((int) (keyed[i] >> 32)));
            outOrdinals[i] = (int) keyed[i];
            outScores[i] = metric.higherIsBetter() ? -key : key;
        }
        return new SearchHits(outOrdinals, outScores);
    }

    /** Maps float bits to ints that sort like the floats (and back: the mapping is its own inverse). */
    private static int sortable(int floatBits) {
        return floatBits ^ ((floatBits >> 31) & 0x7FFF_FFFF);
    }
}
