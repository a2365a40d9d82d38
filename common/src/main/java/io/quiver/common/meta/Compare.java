package io.quiver.common.meta;

import static java.util.Objects.requireNonNull;

/**
 * A transaction guard on one key's modification revision. {@code modRevision == 0} means "the key does
 * not exist".
 */
public record Compare(String key, long modRevision) {
    public Compare {
        requireNonNull(key, "key");
    }

    /** Holds if the key does not exist. */
    public static Compare absent(String key) {
        return new Compare(key, 0);
    }

    /** Holds if the key was last changed at {@code modRevision}. */
    public static Compare unchangedSince(String key, long modRevision) {
        return new Compare(key, modRevision);
    }
}
