package io.quiver.common.index;

import static java.util.Objects.requireNonNull;

/** Search results of one query on one index: parallel arrays, best first. */
public record SearchHits(int[] ordinals, float[] scores) {
    public static final SearchHits EMPTY = new SearchHits(new int[0], new float[0]);

    public SearchHits {
        requireNonNull(ordinals, "ordinals");
        requireNonNull(scores, "scores");
        if (ordinals.length != scores.length) {
            throw new IllegalArgumentException(ordinals.length + " ordinals but " + scores.length + " scores");
        }
    }

    public int size() {
        return ordinals.length;
    }
}
