package io.quiver.common.expr;

import java.util.Arrays;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The scan kernels: one tight loop over a column's primitive array per predicate shape, building the
 * row mask 64 rows (one word) at a time, without branches on the row values where the JIT allows.
 */
final class ColumnScans {
    /** In-lists up to this size are tested by comparing with every value; longer ones by binary search. */
    private static final int LINEAR_SEARCH_LIMIT = 8;

    private ColumnScans() {}

    static long[] longBetween(long[] values, long lo, long hi) {
        long[] words = Bits.none(values.length);
        if (lo > hi) {
            return words;
        }
        for (int w = 0, base = 0; base < values.length; w++, base += 64) {
            int end = Math.min(base + 64, values.length);
            long bits = 0;
            for (int i = base; i < end; i++) {
                long x = values[i];
                bits |= (x >= lo & x <= hi ? 1L : 0L) << (i - base);
            }
            words[w] = bits;
        }
        return words;
    }

    static long[] doubleBetween(double[] values, double lo, double hi) {
        long[] words = Bits.none(values.length);
        for (int w = 0, base = 0; base < values.length; w++, base += 64) {
            int end = Math.min(base + 64, values.length);
            long bits = 0;
            for (int i = base; i < end; i++) {
                double x = values[i];
                bits |= (x >= lo & x <= hi ? 1L : 0L) << (i - base);
            }
            words[w] = bits;
        }
        return words;
    }

    static long[] floatBetween(float[] values, float lo, float hi) {
        long[] words = Bits.none(values.length);
        for (int w = 0, base = 0; base < values.length; w++, base += 64) {
            int end = Math.min(base + 64, values.length);
            long bits = 0;
            for (int i = base; i < end; i++) {
                float x = values[i];
                bits |= (x >= lo & x <= hi ? 1L : 0L) << (i - base);
            }
            words[w] = bits;
        }
        return words;
    }

    static long[] boolEquals(boolean[] values, boolean target) {
        long[] words = Bits.none(values.length);
        for (int w = 0, base = 0; base < values.length; w++, base += 64) {
            int end = Math.min(base + 64, values.length);
            long bits = 0;
            for (int i = base; i < end; i++) {
                bits |= (values[i] == target ? 1L : 0L) << (i - base);
            }
            words[w] = bits;
        }
        return words;
    }

    /** Rows whose value is in {@code set}, which is sorted and distinct. */
    static long[] longIn(long[] values, long[] set) {
        if (set.length == 0) {
            return Bits.none(values.length);
        }
        if (set.length == 1) {
            return longBetween(values, set[0], set[0]);
        }
        long[] words = Bits.none(values.length);
        long min = set[0];
        long max = set[set.length - 1];
        boolean linear = set.length <= LINEAR_SEARCH_LIMIT;
        for (int w = 0, base = 0; base < values.length; w++, base += 64) {
            int end = Math.min(base + 64, values.length);
            long bits = 0;
            for (int i = base; i < end; i++) {
                long x = values[i];
                if (x >= min && x <= max && (linear ? linearContains(set, x) : Arrays.binarySearch(set, x) >= 0)) {
                    bits |= 1L << (i - base);
                }
            }
            words[w] = bits;
        }
        return words;
    }

    private static boolean linearContains(long[] set, long x) {
        boolean found = false;
        for (long v : set) {
            found |= v == x;
        }
        return found;
    }

    /** Rows whose value is in {@code set}: sorted, distinct, without NaN or -0.0. */
    static long[] doubleIn(double[] values, double[] set) {
        long[] words = Bits.none(values.length);
        for (int w = 0, base = 0; base < values.length; w++, base += 64) {
            int end = Math.min(base + 64, values.length);
            long bits = 0;
            for (int i = base; i < end; i++) {
                // + 0.0 turns -0.0 into 0.0, so that binarySearch's total order agrees with ==
                if (Arrays.binarySearch(set, values[i] + 0.0) >= 0) {
                    bits |= 1L << (i - base);
                }
            }
            words[w] = bits;
        }
        return words;
    }

    /** Rows whose value is in {@code set}: sorted, distinct, without NaN or -0.0f. */
    static long[] floatIn(float[] values, float[] set) {
        long[] words = Bits.none(values.length);
        for (int w = 0, base = 0; base < values.length; w++, base += 64) {
            int end = Math.min(base + 64, values.length);
            long bits = 0;
            for (int i = base; i < end; i++) {
                if (Arrays.binarySearch(set, values[i] + 0.0f) >= 0) {
                    bits |= 1L << (i - base);
                }
            }
            words[w] = bits;
        }
        return words;
    }

    static long[] stringIn(String[] values, Set<String> set) {
        return strings(values, value -> value != null && set.contains(value));
    }

    static long[] stringEquals(String[] values, String target) {
        return strings(values, target::equals);
    }

    /** Rows with {@code lower <(=) value <(=) upper} in code point order; a null bound is unbounded. */
    static long[] stringBetween(
            String[] values, String lower, boolean lowerInclusive, String upper, boolean upperInclusive) {
        return strings(values, value -> {
            if (value == null) {
                return false;
            }
            if (lower != null) {
                int c = CodePointOrder.compare(value, lower);
                if (c < 0 || (c == 0 && !lowerInclusive)) {
                    return false;
                }
            }
            if (upper != null) {
                int c = CodePointOrder.compare(value, upper);
                return c < 0 || (c == 0 && upperInclusive);
            }
            return true;
        });
    }

    static long[] like(String[] values, LikePattern pattern) {
        return strings(values, value -> value != null && pattern.matches(value));
    }

    private static long[] strings(String[] values, Predicate<String> predicate) {
        long[] words = Bits.none(values.length);
        for (int i = 0; i < values.length; i++) {
            if (predicate.test(values[i])) {
                words[i >>> 6] |= 1L << i;
            }
        }
        return words;
    }
}
