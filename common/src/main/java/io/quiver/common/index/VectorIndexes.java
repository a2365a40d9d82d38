package io.quiver.common.index;

import io.quiver.common.data.FloatVectorColumn;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ExecutorService;

/** Builds and loads {@link VectorIndex}es of every {@link IndexType}. */
public interface VectorIndexes {

    /** Builds an index over every row of {@code vectors}, using {@code executor} for parallel work. */
    VectorIndex build(IndexSpec spec, FloatVectorColumn vectors, ExecutorService executor);

    /** Loads an index written by {@link VectorIndex#write}; rejects unknown format versions. */
    VectorIndex load(IndexSpec spec, InputStream in, FloatVectorColumn vectors) throws IOException;
}
