package io.quiver.common.meta.embedded;

import java.util.Comparator;

/**
 * Orders keys by their UTF-8 bytes, as etcd does. Comparing code points gives exactly that order; for the
 * ASCII keys Quiver writes it is plain {@link String#compareTo} order. (Plain {@code String} order differs
 * only for characters outside the Basic Multilingual Plane, which sort before U+E000..U+FFFF in UTF-16.)
 */
final class KeyOrder {
    static final Comparator<String> UTF8 = KeyOrder::compare;

    private KeyOrder() {}

    static int compare(String left, String right) {
        int i = 0;
        while (i < left.length() && i < right.length()) {
            int leftPoint = left.codePointAt(i);
            int rightPoint = right.codePointAt(i);
            if (leftPoint != rightPoint) {
                return Integer.compare(leftPoint, rightPoint);
            }
            i += Character.charCount(leftPoint);
        }
        return Integer.compare(left.length() - i, right.length() - i);
    }
}
