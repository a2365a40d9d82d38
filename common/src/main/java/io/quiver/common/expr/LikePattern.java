package io.quiver.common.expr;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * A compiled {@code like} pattern: {@code %} matches any run of characters (also none), {@code _}
 * exactly one character (a Unicode code point), and a backslash makes the next character literal
 * ({@code \%}, {@code \_}, {@code \\}). Prefix, suffix, infix and exact patterns use {@link
 * String#startsWith} and friends; others a wildcard matcher that takes at most
 * O(pattern length * value length) steps, never exponential time.
 */
public final class LikePattern {
    private static final int ANY_ONE = -1;
    private static final int ANY_RUN = -2;

    private enum Shape {
        EXACT,
        PREFIX,
        SUFFIX,
        CONTAINS,
        GENERAL
    }

    private final String pattern;
    private final Shape shape;
    private final String literal;
    private final int[] elements;

    private LikePattern(String pattern, Shape shape, String literal, int[] elements) {
        this.pattern = pattern;
        this.shape = shape;
        this.literal = literal;
        this.elements = elements;
    }

    public static LikePattern compile(String pattern) {
        requireNonNull(pattern, "pattern");
        int[] elements = parse(pattern);
        int runs = 0;
        int ones = 0;
        for (int element : elements) {
            runs += element == ANY_RUN ? 1 : 0;
            ones += element == ANY_ONE ? 1 : 0;
        }
        boolean leading = elements.length > 0 && elements[0] == ANY_RUN;
        boolean trailing = elements.length > 0 && elements[elements.length - 1] == ANY_RUN;
        Shape shape;
        if (ones > 0 || runs > 2 || (runs == 2 && !(leading && trailing && elements.length > 1))) {
            shape = Shape.GENERAL;
        } else if (runs == 0) {
            shape = Shape.EXACT;
        } else if (runs == 2) {
            shape = Shape.CONTAINS;
        } else {
            shape = trailing ? Shape.PREFIX : leading ? Shape.SUFFIX : Shape.GENERAL;
        }
        String literal = shape == Shape.GENERAL ? null : literalText(elements);
        return new LikePattern(pattern, shape, literal, elements);
    }

    /** The pattern as given to {@link #compile}. */
    public String pattern() {
        return pattern;
    }

    public boolean matches(String value) {
        return switch (shape) {
            case EXACT -> value.equals(literal);
            case PREFIX -> value.startsWith(literal);
            case SUFFIX -> value.endsWith(literal);
            case CONTAINS -> value.contains(literal);
            case GENERAL -> matchesWildcards(value);
        };
    }

    /** Code points, {@link #ANY_ONE} and {@link #ANY_RUN}; runs of {@code %} collapse into one. */
    private static int[] parse(String pattern) {
        int[] elements = new int[pattern.length()];
        int count = 0;
        for (int i = 0; i < pattern.length(); ) {
            int c = pattern.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\\' && i < pattern.length()) {
                c = pattern.codePointAt(i);
                i += Character.charCount(c);
            } else if (c == '%') {
                c = ANY_RUN;
            } else if (c == '_') {
                c = ANY_ONE;
            }
            if (c != ANY_RUN || count == 0 || elements[count - 1] != ANY_RUN) {
                elements[count++] = c;
            }
        }
        return Arrays.copyOf(elements, count);
    }

    private static String literalText(int[] elements) {
        StringBuilder out = new StringBuilder();
        for (int element : elements) {
            if (element >= 0) {
                out.appendCodePoint(element);
            }
        }
        return out.toString();
    }

    /** Greedy matching that, on a mismatch, lets the last {@code %} take one more character. */
    private boolean matchesWildcards(String value) {
        int i = 0;
        int j = 0;
        int runElement = -1;
        int runStart = 0;
        while (i < value.length()) {
            int c = value.codePointAt(i);
            if (j < elements.length && (elements[j] == ANY_ONE || elements[j] == c)) {
                i += Character.charCount(c);
                j++;
            } else if (j < elements.length && elements[j] == ANY_RUN) {
                runElement = j++;
                runStart = i;
            } else if (runElement >= 0) {
                runStart += Character.charCount(value.codePointAt(runStart));
                i = runStart;
                j = runElement + 1;
            } else {
                return false;
            }
        }
        while (j < elements.length && elements[j] == ANY_RUN) {
            j++;
        }
        return j == elements.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LikePattern that && pattern.equals(that.pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
