package io.quiver.common.index;

import static java.util.Objects.requireNonNull;

import io.quiver.common.QuiverException;

/**
 * What to build.
 *
 * @param m HNSW maximum connections per node (Milvus {@code M}); ignored by FLAT
 * @param efConstruction HNSW build beam width (Milvus {@code efConstruction}); ignored by FLAT
 */
public record IndexSpec(IndexType type, MetricType metric, int dimension, int m, int efConstruction) {
    public static final int DEFAULT_M = 16;
    public static final int DEFAULT_EF_CONSTRUCTION = 200;

    public IndexSpec {
        requireNonNull(type, "type");
        requireNonNull(metric, "metric");
        QuiverException.check(dimension > 0, "index dimension %d must be positive", dimension);
        QuiverException.check(m >= 2 && m <= 2048, "HNSW parameter M is %d; it must be between 2 and 2048", m);
        QuiverException.check(
                efConstruction >= 1 && efConstruction <= 65_535,
                "HNSW parameter efConstruction is %d; it must be between 1 and 65535",
                efConstruction);
    }

    public static IndexSpec flat(MetricType metric, int dimension) {
        return new IndexSpec(IndexType.FLAT, metric, dimension, DEFAULT_M, DEFAULT_EF_CONSTRUCTION);
    }
}
