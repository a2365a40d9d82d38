package io.quiver.common.index;

/**
 * Per-search knobs.
 *
 * @param ef HNSW search beam width (Milvus {@code ef}); 0 means "choose from k"
 */
public record SearchParams(int ef) {
    public static final SearchParams DEFAULT = new SearchParams(0);

    public SearchParams {
        if (ef < 0) {
            throw new IllegalArgumentException("ef must not be negative: " + ef);
        }
    }

    /** The beam width to use for a top-{@code k} search. */
    public int effectiveEf(int k) {
        return Math.max(ef, k);
    }
}
