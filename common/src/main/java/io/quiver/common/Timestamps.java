package io.quiver.common;

/**
 * Hybrid timestamps: {@code physical_ms << 18 | logical}. The timestamp oracle hands them out strictly
 * increasing; {@link #MAX} stands for "never" (a row that is not superseded).
 */
public final class Timestamps {
    public static final int LOGICAL_BITS = 18;
    public static final long LOGICAL_MASK = (1L << LOGICAL_BITS) - 1;
    public static final long MAX = Long.MAX_VALUE;

    private Timestamps() {}

    public static long compose(long physicalMillis, long logical) {
        if (physicalMillis < 0 || logical < 0 || logical > LOGICAL_MASK) {
            throw new IllegalArgumentException(
                    "timestamp parts out of range: physical " + physicalMillis + ", logical " + logical);
        }
        return physicalMillis << LOGICAL_BITS | logical;
    }

    public static long physicalMillis(long timestamp) {
        return timestamp >>> LOGICAL_BITS;
    }

    public static long logical(long timestamp) {
        return timestamp & LOGICAL_MASK;
    }
}
