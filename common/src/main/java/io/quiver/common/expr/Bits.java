package io.quiver.common.expr;

/** Row masks as {@code long} words, bit {@code i % 64} of word {@code i / 64} for row {@code i}. */
final class Bits {
    private Bits() {}

    static int wordCount(int rows) {
        return (rows + 63) >>> 6;
    }

    static long[] none(int rows) {
        return new long[wordCount(rows)];
    }

    static long[] all(int rows) {
        long[] words = new long[wordCount(rows)];
        java.util.Arrays.fill(words, -1L);
        clearTail(words, rows);
        return words;
    }

    /** Flips every row's bit in place. */
    static long[] not(long[] words, int rows) {
        for (int i = 0; i < words.length; i++) {
            words[i] = ~words[i];
        }
        clearTail(words, rows);
        return words;
    }

    /** {@code target &= other}. */
    static void and(long[] target, long[] other) {
        for (int i = 0; i < target.length; i++) {
            target[i] &= other[i];
        }
    }

    /** {@code target |= other}. */
    static void or(long[] target, long[] other) {
        for (int i = 0; i < target.length; i++) {
            target[i] |= other[i];
        }
    }

    static boolean isEmpty(long[] words) {
        for (long word : words) {
            if (word != 0) {
                return false;
            }
        }
        return true;
    }

    static boolean isFull(long[] words, int rows) {
        int full = rows >>> 6;
        for (int i = 0; i < full; i++) {
            if (words[i] != -1L) {
                return false;
            }
        }
        int tail = rows & 63;
        return tail == 0 || words[full] == (1L << tail) - 1;
    }

    private static void clearTail(long[] words, int rows) {
        int tail = rows & 63;
        if (tail != 0) {
            words[words.length - 1] &= (1L << tail) - 1;
        }
    }
}
