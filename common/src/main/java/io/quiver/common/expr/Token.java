package io.quiver.common.expr;

/**
 * One lexical token of a filter.
 *
 * @param text the token as written
 * @param position offset of its first character in the filter (0-based)
 * @param value the decoded value of a string token, null for others
 * @param likePattern for a string token, its value as a {@link LikePattern} (escaped {@code %} and
 *     {@code _} stay escaped, backslashes are doubled); null for others
 */
record Token(Kind kind, String text, int position, String value, String likePattern) {

    enum Kind {
        IDENTIFIER,
        INTEGER,
        FLOAT,
        STRING,
        TRUE,
        FALSE,
        AND,
        OR,
        NOT,
        IN,
        LIKE,
        EQ,
        NE,
        LT,
        LE,
        GT,
        GE,
        LEFT_PAREN,
        RIGHT_PAREN,
        LEFT_BRACKET,
        RIGHT_BRACKET,
        COMMA,
        PLUS,
        MINUS,
        END;

        CompareOp compareOp() {
            return switch (this) {
                case EQ -> CompareOp.EQ;
                case NE -> CompareOp.NE;
                case LT -> CompareOp.LT;
                case LE -> CompareOp.LE;
                case GT -> CompareOp.GT;
                case GE -> CompareOp.GE;
                default -> null;
            };
        }
    }

    Token(Kind kind, String text, int position) {
        this(kind, text, position, null, null);
    }

    /** The token for messages: {@code '>'}, {@code "abc"}, {@code the end of the filter}. */
    String describe() {
        return switch (kind) {
            case END -> "the end of the filter";
            case STRING -> "string " + text;
            default -> "'" + text + "'";
        };
    }
}
