package io.quiver.common.index;

import java.util.BitSet;

/** Which row ordinals a search may return. */
@FunctionalInterface
public interface RowFilter {
    boolean accept(int ordinal);

    /** How many rows pass, or -1 if unknown. An index may use it to choose between a graph walk and a scan. */
    default int passing() {
        return -1;
    }

    /**
     * The first accepted ordinal in {@code [from, end)}, or -1 if there is none. Scans that touch only
     * accepted rows iterate with it; a filter backed by a bit set skips whole words of rejected rows.
     */
    default int nextAccepted(int from, int end) {
        for (int ordinal = from; ordinal < end; ordinal++) {
            if (accept(ordinal)) {
                return ordinal;
            }
        }
        return -1;
    }

    /** The rows set in {@code rows}; the set is referenced, not copied, and must not change while in use. */
    static RowFilter of(BitSet rows) {
        int passing = rows.cardinality();
        return new RowFilter() {
            @Override
            public boolean accept(int ordinal) {
                return rows.get(ordinal);
            }

            @Override
            public int passing() {
                return passing;
            }

            @Override
            public int nextAccepted(int from, int end) {
                int next = rows.nextSetBit(from);
                return next >= 0 && next < end ? next : -1;
            }
        };
    }
}
