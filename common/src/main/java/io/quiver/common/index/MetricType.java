package io.quiver.common.index;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.util.Locale;

/**
 * Distance metrics, scored as Milvus reports them: L2 is the squared Euclidean distance (smaller is
 * better); IP is the inner product and COSINE the cosine similarity (larger is better).
 */
public enum MetricType {
    L2(false),
    IP(true),
    COSINE(true);

    private final boolean higherIsBetter;

    MetricType(boolean higherIsBetter) {
        this.higherIsBetter = higherIsBetter;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** True if score {@code a} ranks before score {@code b}. */
    public boolean isBetter(float a, float b) {
        return higherIsBetter ? a > b : a < b;
    }

    /** The exact Milvus score of two vectors of equal length. */
    public float score(float[] a, int aOffset, float[] b, int bOffset, int dimension) {
        return switch (this) {
            case L2 -> {
                float sum = 0;
                for (int i = 0; i < dimension; i++) {
                    float d = a[aOffset + i] - b[bOffset + i];
                    sum += d * d;
                }
                yield sum;
            }
            case IP -> {
                float sum = 0;
                for (int i = 0; i < dimension; i++) {
                    sum += a[aOffset + i] * b[bOffset + i];
                }
                yield sum;
            }
            case COSINE -> {
                float dot = 0;
                float na = 0;
                float nb = 0;
                for (int i = 0; i < dimension; i++) {
                    float x = a[aOffset + i];
                    float y = b[bOffset + i];
                    dot += x * y;
                    na += x * x;
                    nb += y * y;
                }
                yield na == 0 || nb == 0 ? 0 : (float) (dot / Math.sqrt((double) na * nb));
            }
        };
    }

    public static MetricType parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new QuiverException(
                    ErrorCode.METRIC_NOT_SUPPORTED,
                    "metric type '" + name + "' is not supported (supported: L2, IP, COSINE)");
        }
    }
}
