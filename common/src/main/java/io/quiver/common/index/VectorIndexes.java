package io.quiver.common.index;

import static java.util.Objects.requireNonNull;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.index.flat.FlatIndex;
import io.quiver.common.index.hnsw.HnswIndex;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ExecutorService;

/**
 * Builds and loads {@link VectorIndex}es of every {@link IndexType}: FLAT as {@link FlatIndex}, HNSW as
 * {@link HnswIndex}.
 */
public final class VectorIndexes {
    private VectorIndexes() {}

    /** Builds an index over every row of {@code vectors}, using {@code executor} for parallel work. */
    public static VectorIndex build(IndexSpec spec, FloatVectorColumn vectors, ExecutorService executor) {
        checkDimension(spec, vectors);
        requireNonNull(executor, "executor");
        return switch (spec.type()) {
            case FLAT -> FlatIndex.build(spec, vectors);
            case HNSW -> HnswIndex.build(spec, vectors, executor);
        };
    }

    /** Loads an index written by {@link VectorIndex#write}; rejects unknown format versions. */
    public static VectorIndex load(IndexSpec spec, InputStream in, FloatVectorColumn vectors) throws IOException {
        checkDimension(spec, vectors);
        requireNonNull(in, "in");
        return switch (spec.type()) {
            case FLAT -> FlatIndex.load(spec, in, vectors);
            case HNSW -> HnswIndex.load(spec, in, vectors);
        };
    }

    private static void checkDimension(IndexSpec spec, FloatVectorColumn vectors) {
        requireNonNull(spec, "spec");
        requireNonNull(vectors, "vectors");
        if (spec.dimension() != vectors.dimension()) {
            throw new QuiverException(
                    ErrorCode.DIMENSION_MISMATCH,
                    "vector column dimension " + vectors.dimension() + " does not match the " + spec.type()
                            + " index dimension " + spec.dimension());
        }
    }
}
