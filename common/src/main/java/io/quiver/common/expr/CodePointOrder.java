package io.quiver.common.expr;

/**
 * Orders strings by Unicode code point, which is the byte order of their UTF-8 encodings and so the
 * order Milvus compares VarChar values in. {@link String#compareTo} compares UTF-16 units instead,
 * which puts supplementary characters (stored as surrogates, U+D800..U+DFFF) before U+E000..U+FFFF.
 */
final class CodePointOrder {
    private CodePointOrder() {}

    static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (Character.isSurrogate(x) || Character.isSurrogate(y)) {
                    // the strings agree before i, so a pair that starts at i - 1 starts in both
                    int start = i > 0 && Character.isHighSurrogate(a.charAt(i - 1)) ? i - 1 : i;
                    return Integer.compare(a.codePointAt(start), b.codePointAt(start));
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }
}
