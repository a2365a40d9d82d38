package io.quiver.common.index.flat;

import static java.util.Objects.requireNonNull;

import io.github.jbellis.jvector.vector.VectorUtilSupport;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.index.ExactScores;
import io.quiver.common.index.IndexSpec;
import io.quiver.common.index.IndexType;
import io.quiver.common.index.MetricType;
import io.quiver.common.index.RowFilter;
import io.quiver.common.index.SearchArguments;
import io.quiver.common.index.SearchHits;
import io.quiver.common.index.SearchParams;
import io.quiver.common.index.VectorIndex;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Exact search: scores every accepted row with jvector's SIMD kernels (reading the column's array in place,
 * no per-row allocation), keeps the best {@code k} in a bounded heap, then reports {@link MetricType#score}
 * for those. Rows whose score is undefined (NaN components) are never returned.
 *
 * <h2>File format, version 1</h2>
 *
 * The vectors are the segment's column, so the file is only a header (big-endian, as {@link DataOutputStream}
 * writes):
 *
 * <pre>
 *   int magic      0x51464C54 ("QFLT")
 *   int version    1
 *   int dimension  vector dimension
 *   int size       number of rows indexed
 * </pre>
 *
 * Loading rejects another magic or version, and a dimension or size that differs from the spec and column.
 */
public final class FlatIndex implements VectorIndex {
    static final int MAGIC = 0x51464C54;
    static final int VERSION = 1;

    private static final VectorUtilSupport SIMD =
            VectorizationProvider.getInstance().getVectorUtilSupport();
    private static final VectorTypeSupport TYPES =
            VectorizationProvider.getInstance().getVectorTypeSupport();

    private final IndexSpec spec;
    private final FloatVectorColumn vectors;
    private final VectorFloat<?> data;

    private FlatIndex(IndexSpec spec, FloatVectorColumn vectors) {
        this.spec = spec;
        this.vectors = vectors;
        this.data = TYPES.createFloatVector(vectors.values());
    }

    /**
     * An exact index over every row of {@code vectors}. Any {@link IndexType} may be given: HNSW uses a flat
     * index for searches that must visit every row.
     */
    public static FlatIndex build(IndexSpec spec, FloatVectorColumn vectors) {
        requireNonNull(spec, "spec");
        requireNonNull(vectors, "vectors");
        if (spec.dimension() != vectors.dimension()) {
            throw new QuiverException(
                    ErrorCode.DIMENSION_MISMATCH,
                    "vector column dimension " + vectors.dimension() + " does not match the index dimension "
                            + spec.dimension());
        }
        return new FlatIndex(spec, vectors);
    }

    /** Reads a header written by {@link #write} and checks it against {@code spec} and {@code vectors}. */
    public static FlatIndex load(IndexSpec spec, InputStream in, FloatVectorColumn vectors) throws IOException {
        DataInputStream data = new DataInputStream(in);
        try {
            int magic = data.readInt();
            int version = data.readInt();
            if (magic != MAGIC) {
                throw corrupt(String.format("FLAT index file starts with 0x%08X, not the magic 0x%08X", magic, MAGIC));
            }
            if (version != VERSION) {
                throw corrupt(
                        "FLAT index file has format version " + version + "; this build reads version " + VERSION);
            }
            int dimension = data.readInt();
            int size = data.readInt();
            if (dimension != spec.dimension() || dimension != vectors.dimension()) {
                throw corrupt("FLAT index file has dimension " + dimension + " but the index spec has "
                        + spec.dimension() + " and the vector column " + vectors.dimension());
            }
            if (size != vectors.size()) {
                throw corrupt("FLAT index file covers " + size + " rows but the vector column has " + vectors.size());
            }
        } catch (EOFException e) {
            throw new QuiverException(ErrorCode.CORRUPT_DATA, "FLAT index file ends inside its 16-byte header", e);
        }
        return build(spec, vectors);
    }

    @Override
    public IndexSpec spec() {
        return spec;
    }

    @Override
    public int size() {
        return vectors.size();
    }

    @Override
    public SearchHits search(float[] query, int k, SearchParams params, RowFilter acceptRows) {
        SearchArguments.check(spec, query, k, params);
        int rows = size();
        if (rows == 0) {
            return SearchHits.EMPTY;
        }
        VectorFloat<?> target = TYPES.createFloatVector(query);
        TopRows top = new TopRows(Math.min(k, rows));
        int dimension = vectors.dimension();
        if (acceptRows == null) {
            for (int row = 0, offset = 0; row < rows; row++, offset += dimension) {
                top.offer(row, key(target, offset, dimension));
            }
        } else {
            for (int row = acceptRows.nextAccepted(0, rows); row >= 0; row = acceptRows.nextAccepted(row + 1, rows)) {
                top.offer(row, key(target, row * dimension, dimension));
            }
        }
        return ExactScores.hits(spec.metric(), query, vectors, top.ordinals(), top.size());
    }

    /** A score where smaller is better, computed with SIMD; close to (not bit-equal to) MetricType.score. */
    private float key(VectorFloat<?> target, int offset, int dimension) {
        return switch (spec.metric()) {
            case L2 -> SIMD.squareDistance(target, 0, data, offset, dimension);
            case IP -> -SIMD.dotProduct(target, 0, data, offset, dimension);
            case COSINE -> {
                float cosine = SIMD.cosine(target, 0, data, offset, dimension);
                yield cosine == cosine ? -cosine : 0f; // a zero vector has cosine 0, as MetricType scores it
            }
        };
    }

    @Override
    public void write(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(MAGIC);
        data.writeInt(VERSION);
        data.writeInt(vectors.dimension());
        data.writeInt(vectors.size());
        data.flush();
    }

    /** Holds no resources: the vectors belong to the column. */
    @Override
    public void close() {}

    private static QuiverException corrupt(String message) {
        return new QuiverException(ErrorCode.CORRUPT_DATA, message);
    }
}
