package io.quiver.common.expr;

import io.quiver.common.expr.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits a filter into tokens. Keywords are spelled as Milvus spells them: {@code and AND &&},
 * {@code or OR ||}, {@code not NOT !}, {@code in IN}, {@code like LIKE}, {@code true True TRUE},
 * {@code false False FALSE}. Numbers are decimal ({@code 12}, {@code 1.5}, {@code .5}, {@code -2e3}
 * is a minus and a number); strings take double or single quotes and backslash escapes.
 */
final class FilterLexer {
    /** Largest exponent magnitude of a number literal, so that exact arithmetic on it stays cheap. */
    static final int MAX_EXPONENT = 10_000;

    private static final Map<String, Kind> KEYWORDS = Map.ofEntries(
            Map.entry("and", Kind.AND),
            Map.entry("AND", Kind.AND),
            Map.entry("or", Kind.OR),
            Map.entry("OR", Kind.OR),
            Map.entry("not", Kind.NOT),
            Map.entry("NOT", Kind.NOT),
            Map.entry("in", Kind.IN),
            Map.entry("IN", Kind.IN),
            Map.entry("like", Kind.LIKE),
            Map.entry("LIKE", Kind.LIKE),
            Map.entry("true", Kind.TRUE),
            Map.entry("True", Kind.TRUE),
            Map.entry("TRUE", Kind.TRUE),
            Map.entry("false", Kind.FALSE),
            Map.entry("False", Kind.FALSE),
            Map.entry("FALSE", Kind.FALSE));

    private final FilterText source;
    private final String text;
    private int pos;

    private FilterLexer(FilterText source) {
        this.source = source;
        this.text = source.text();
    }

    /** The tokens of the filter, ending with one {@link Kind#END} token. */
    static List<Token> tokenize(FilterText source) {
        FilterLexer lexer = new FilterLexer(source);
        List<Token> tokens = new ArrayList<>();
        Token token;
        do {
            token = lexer.next();
            tokens.add(token);
        } while (token.kind() != Kind.END);
        return tokens;
    }

    private Token next() {
        while (pos < text.length() && isWhitespace(text.charAt(pos))) {
            pos++;
        }
        if (pos == text.length()) {
            return new Token(Kind.END, "", pos);
        }
        char c = text.charAt(pos);
        if (isIdentifierStart(c)) {
            return word();
        }
        if (isDigit(c) || (c == '.' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1)))) {
            return number();
        }
        if (c == '"' || c == '\'') {
            return string();
        }
        return operator();
    }

    private Token word() {
        int start = pos;
        while (pos < text.length() && isIdentifierPart(text.charAt(pos))) {
            pos++;
        }
        String word = text.substring(start, pos);
        return new Token(KEYWORDS.getOrDefault(word, Kind.IDENTIFIER), word, start);
    }

    private Token number() {
        int start = pos;
        boolean integral = true;
        skipDigits();
        if (pos < text.length() && text.charAt(pos) == '.') {
            integral = false;
            pos++;
            skipDigits();
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            integral = false;
            exponent(start);
        }
        if (pos < text.length() && (isIdentifierPart(text.charAt(pos)) || text.charAt(pos) == '.')) {
            while (pos < text.length() && (isIdentifierPart(text.charAt(pos)) || text.charAt(pos) == '.')) {
                pos++;
            }
            throw source.error(start, "malformed number '" + text.substring(start, pos) + "'");
        }
        String number = text.substring(start, pos);
        if (integral && number.length() > 1 && number.charAt(0) == '0') {
            throw source.error(start, "integer '" + number + "' has a leading zero; octal literals are not supported");
        }
        return new Token(integral ? Kind.INTEGER : Kind.FLOAT, number, start);
    }

    private void exponent(int numberStart) {
        pos++;
        if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
            pos++;
        }
        int digitsStart = pos;
        skipDigits();
        if (pos == digitsStart) {
            throw source.error(
                    numberStart,
                    "malformed number '" + text.substring(numberStart, pos) + "': its exponent has no digits");
        }
        String digits = text.substring(digitsStart, pos).replaceFirst("^0+(?=.)", "");
        if (digits.length() > 5 || Integer.parseInt(digits) > MAX_EXPONENT) {
            throw source.error(
                    numberStart,
                    "the exponent of number '" + text.substring(numberStart, pos)
                            + "' is out of range; its magnitude may be at most " + MAX_EXPONENT);
        }
    }

    private Token string() {
        int start = pos;
        char quote = text.charAt(pos++);
        StringBuilder value = new StringBuilder();
        StringBuilder like = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw source.error(start, "string is not terminated; it needs a closing " + quote);
            }
            char c = text.charAt(pos);
            if (c == quote) {
                pos++;
                return new Token(Kind.STRING, text.substring(start, pos), start, value.toString(), like.toString());
            }
            if (c == '\\') {
                char decoded = escape(start);
                value.append(decoded);
                if (decoded == '\\' || decoded == '%' || decoded == '_') {
                    like.append('\\');
                }
                like.append(decoded);
            } else {
                value.append(c);
                like.append(c);
                pos++;
            }
        }
    }

    /** Decodes the escape at {@code pos} (a backslash) and moves past it. */
    private char escape(int stringStart) {
        int start = pos;
        if (pos + 1 >= text.length()) {
            throw source.error(stringStart, "string is not terminated; it ends in a backslash");
        }
        char c = text.charAt(pos + 1);
        pos += 2;
        return switch (c) {
            case '"', '\'', '\\', '/', '%', '_' -> c;
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'u' -> unicodeEscape(start);
            default ->
                throw source.error(
                        start,
                        "unknown escape '\\" + c + "' in string; the escapes are"
                                + " \\\" \\' \\\\ \\/ \\n \\t \\r \\b \\f \\uXXXX, and \\% \\_ for like patterns");
        };
    }

    private char unicodeEscape(int start) {
        if (pos + 4 > text.length()) {
            throw source.error(start, "escape '\\u' needs four hex digits");
        }
        int code = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(pos + i), 16);
            if (digit < 0) {
                throw source.error(start, "escape '" + text.substring(start, pos + 4) + "' needs four hex digits");
            }
            code = code * 16 + digit;
        }
        pos += 4;
        return (char) code;
    }

    private Token operator() {
        int start = pos;
        char c = text.charAt(pos);
        char next = pos + 1 < text.length() ? text.charAt(pos + 1) : 0;
        Kind kind =
                switch (c) {
                    case '(' -> Kind.LEFT_PAREN;
                    case ')' -> Kind.RIGHT_PAREN;
                    case '[' -> Kind.LEFT_BRACKET;
                    case ']' -> Kind.RIGHT_BRACKET;
                    case ',' -> Kind.COMMA;
                    case '+' -> Kind.PLUS;
                    case '-' -> Kind.MINUS;
                    case '<' -> next == '=' ? Kind.LE : Kind.LT;
                    case '>' -> next == '=' ? Kind.GE : Kind.GT;
                    case '!' -> next == '=' ? Kind.NE : Kind.NOT;
                    case '=' -> pair(start, next, '=', Kind.EQ, "'=' is not an operator; use '==' to test equality");
                    case '&' -> pair(start, next, '&', Kind.AND, "'&' is not an operator; use '&&' or 'and'");
                    case '|' -> pair(start, next, '|', Kind.OR, "'|' is not an operator; use '||' or 'or'");
                    case '*', '/', '%' ->
                        throw source.error(start, "arithmetic ('" + c + "') is not supported in filters");
                    default -> throw source.error(start, "unexpected character " + describe(c));
                };
        pos += switch (kind) {
            case LE, GE, NE, EQ, AND, OR -> 2;
            default -> 1;
        };
        return new Token(kind, text.substring(start, pos), start);
    }

    /** The kind of a two-character operator whose second character must be {@code expected}. */
    private Kind pair(int start, char next, char expected, Kind kind, String error) {
        if (next != expected) {
            throw source.error(start, error);
        }
        return kind;
    }

    private void skipDigits() {
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
    }

    private static String describe(char c) {
        String code = String.format("U+%04X", (int) c);
        if (c >= 0x20 && c < 0x7f) {
            return "'" + c + "'";
        }
        return Character.isISOControl(c) || Character.isSurrogate(c) ? code : "'" + c + "' (" + code + ")";
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || isDigit(c);
    }
}
