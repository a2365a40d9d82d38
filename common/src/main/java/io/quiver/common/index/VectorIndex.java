package io.quiver.common.index;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An ANN (or exact) index over the vectors of one segment. Ordinals are row numbers in the segment's
 * {@link io.quiver.common.data.FloatVectorColumn}; the index reads vectors from that column and does not
 * own a copy. Search is thread-safe; an index is immutable once built or loaded.
 *
 * <p>Implementations: {@code FlatIndex} (exact scan) and {@code HnswIndex} (jvector graph). Created
 * through {@link VectorIndexes}; pass {@code VectorIndexContractTest}.
 */
public interface VectorIndex extends AutoCloseable {

    IndexSpec spec();

    /** Number of vectors indexed. */
    int size();

    /**
     * The {@code k} best rows for {@code query} among those {@code acceptRows} accepts (null: all rows),
     * best first, with scores in Milvus' convention for the metric (see {@link MetricType}).
     */
    SearchHits search(float[] query, int k, SearchParams params, RowFilter acceptRows);

    /** Serializes the index (not the vectors) in this implementation's versioned format. */
    void write(OutputStream out) throws IOException;

    @Override
    void close();
}
