package io.quiver.bench.ann;

/**
 * One system under test in the ANN sweeps: built once over a dataset's base rows (row {@code i} has id
 * {@code i}), then searched concurrently by any number of threads.
 */
public interface AnnSystem extends AutoCloseable {

    /** The name printed in tables and on the plot, such as {@code jvector} or {@code lucene-hnsw}. */
    String name();

    /** Loads and indexes every base row with graph degree {@code m} and construction beam {@code beamWidth}. */
    BuildReport build(Dataset data, int m, int beamWidth) throws Exception;

    /**
     * The ids of the {@code k} best rows for {@code query} with search beam width {@code ef}, best first,
     * among the rows {@code selection} passes (null: every row).
     */
    long[] search(float[] query, int k, int ef, Selection selection);

    @Override
    void close() throws Exception;
}
