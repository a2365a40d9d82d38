package io.quiver.common.expr;

import static java.util.Objects.requireNonNull;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.expr.Literal.BoolLiteral;
import io.quiver.common.expr.Literal.NumberLiteral;
import io.quiver.common.expr.Literal.StringLiteral;
import io.quiver.common.expr.Token.Kind;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.DataType;
import io.quiver.common.schema.FieldSchema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses Milvus boolean expressions (the {@code filter} of search, query and delete) and checks them
 * against a collection's schema. A hand-written recursive-descent parser over this grammar, where
 * {@code not} binds tighter than {@code and}, and {@code and} tighter than {@code or}:
 *
 * <pre>
 * or         := and (('or' | 'OR' | '||') and)*
 * and        := not (('and' | 'AND' | '&&') not)*
 * not        := ('not' | 'NOT' | '!') not | primary
 * primary    := '(' or ')' | predicate
 * predicate  := operand (cmp operand (cmp operand)?)?       -- x > 1, 1 < x, 1 < x <= 5, bare Bool field
 *             | field ('not')? 'in' '[' (value (',' value)* ','?)? ']'
 *             | field 'like' string
 * operand    := field | value
 * value      := ('+' | '-')? number | string | 'true' | 'false'   (and True, TRUE, False, FALSE)
 * cmp        := '==' | '!=' | '<' | '<=' | '>' | '>='
 * </pre>
 *
 * <p>Semantics. Integer fields compare with numbers exactly, whatever the literal: {@code x > 2.5} on
 * Int64 is {@code x >= 3}, {@code tiny < 1000} on Int8 holds for every row, {@code x == 2.5} for none.
 * Float and Double fields compare with the literal rounded to the field's type (so {@code f == 0.1}
 * finds the Float value inserted as 0.1), with Java's IEEE rules: NaN fails every comparison but
 * {@code !=}, and -0.0 equals 0.0. VarChar values compare by Unicode code point (the order of their
 * UTF-8 bytes, as in Milvus). {@code like} patterns: see {@link LikePattern}.
 *
 * <p>Every error is a {@link ErrorCode#MALFORMED_FILTER} naming the offending token and its 0-based
 * character position. Limits: {@link #MAX_LENGTH_BYTES} of UTF-8 text, {@link #MAX_DEPTH} levels of
 * parentheses and {@code not}.
 */
public final class FilterParser {
    public static final int MAX_LENGTH_BYTES = 64 * 1024;
    public static final int MAX_DEPTH = 256;

    private final FilterText source;
    private final CollectionSchema schema;
    private final List<Token> tokens;
    private int next;
    private int depth;

    private FilterParser(FilterText source, CollectionSchema schema, List<Token> tokens) {
        this.source = source;
        this.schema = schema;
        this.tokens = tokens;
    }

    /** Parses a filter; an empty one is an error (callers treat an empty filter as "every row"). */
    public static Filter parse(String text, CollectionSchema schema) {
        requireNonNull(text, "text");
        requireNonNull(schema, "schema");
        checkLength(text);
        FilterText source = new FilterText(text);
        List<Token> tokens = FilterLexer.tokenize(source);
        if (tokens.get(0).kind() == Kind.END) {
            throw source.error(0, "filter is empty");
        }
        FilterParser parser = new FilterParser(source, schema, tokens);
        Filter filter = parser.or();
        Token extra = parser.peek();
        if (extra.kind() != Kind.END) {
            throw source.error(
                    extra.position(),
                    extra.kind() == Kind.RIGHT_PAREN
                            ? "')' has no matching '('"
                            : "unexpected " + extra.describe() + " after a complete condition");
        }
        return filter;
    }

    private static void checkLength(String text) {
        long bytes = utf8Length(text);
        if (bytes > MAX_LENGTH_BYTES) {
            throw new QuiverException(
                    ErrorCode.MALFORMED_FILTER,
                    "filter is " + bytes + " bytes long (UTF-8); the limit is " + MAX_LENGTH_BYTES + " bytes (64 KiB)");
        }
    }

    private static long utf8Length(String text) {
        if (text.length() > MAX_LENGTH_BYTES) {
            return text.length() + (long) text.chars().filter(c -> c >= 0x80).count();
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    private Filter or() {
        List<Filter> operands = new ArrayList<>(List.of(and()));
        while (peek().kind() == Kind.OR) {
            advance();
            operands.add(and());
        }
        return operands.size() == 1 ? operands.get(0) : new Or(operands);
    }

    private Filter and() {
        List<Filter> operands = new ArrayList<>(List.of(not()));
        while (peek().kind() == Kind.AND) {
            advance();
            operands.add(not());
        }
        return operands.size() == 1 ? operands.get(0) : new And(operands);
    }

    private Filter not() {
        Token token = peek();
        if (token.kind() != Kind.NOT) {
            return primary();
        }
        advance();
        enter(token);
        Filter operand = not();
        depth--;
        return new Not(operand);
    }

    private Filter primary() {
        Token token = peek();
        return switch (token.kind()) {
            case LEFT_PAREN -> parenthesized();
            case IDENTIFIER, INTEGER, FLOAT, STRING, TRUE, FALSE, PLUS, MINUS -> predicate();
            default ->
                throw source.error(
                        token.position(),
                        "expected a condition (a field, a value, 'not' or '(') but found " + token.describe());
        };
    }

    private Filter parenthesized() {
        Token open = advance();
        enter(open);
        Filter inner = or();
        Token close = peek();
        if (close.kind() != Kind.RIGHT_PAREN) {
            throw source.error(
                    close.position(),
                    "expected ')' to close the '(' at position " + open.position() + " but found " + close.describe());
        }
        advance();
        depth--;
        return inner;
    }

    private Filter predicate() {
        Operand first = operand();
        Token token = peekPastOperand();
        if (first instanceof FieldOperand field) {
            switch (token.kind()) {
                case IN -> {
                    advance();
                    return in(field, false);
                }
                case LIKE -> {
                    advance();
                    return like(field);
                }
                case NOT -> {
                    advance();
                    Token in = advance();
                    if (in.kind() != Kind.IN) {
                        throw source.error(in.position(), "expected 'in' after 'not' but found " + in.describe());
                    }
                    return in(field, true);
                }
                default -> {}
            }
        }
        if (token.kind().compareOp() == null) {
            return standalone(first);
        }
        advance();
        Operand second = operand();
        Token token2 = peekPastOperand();
        if (token2.kind().compareOp() == null) {
            return FilterChecks.compare(source, first, token, second);
        }
        advance();
        Operand third = operand();
        peekPastOperand();
        return FilterChecks.range(source, first, token, second, token2, third);
    }

    private Filter standalone(Operand operand) {
        return switch (operand) {
            case FieldOperand field when field.schema().dataType() == DataType.BOOL -> new BoolField(field.name());
            case FieldOperand field ->
                throw source.error(
                        field.position(),
                        "field '" + field.name() + "' ("
                                + FilterTypes.displayName(field.schema().dataType())
                                + ") is not a Bool field, so it cannot be a condition by itself; compare it with a value");
            case LiteralOperand value when value.literal() instanceof BoolLiteral bool -> new Constant(bool.value());
            case LiteralOperand value ->
                throw source.error(value.position(), value.literal().describe() + " cannot be a condition by itself");
        };
    }

    private Filter in(FieldOperand field, boolean negated) {
        Token open = advance();
        if (open.kind() != Kind.LEFT_BRACKET) {
            throw source.error(
                    open.position(), "expected '[' to start the list after 'in' but found " + open.describe());
        }
        List<Literal> values = new ArrayList<>();
        while (peek().kind() != Kind.RIGHT_BRACKET) {
            Operand operand = operand();
            if (!(operand instanceof LiteralOperand value)) {
                throw source.error(
                        operand.position(),
                        "an in list may only hold values, but found field '" + ((FieldOperand) operand).name() + "'");
            }
            FilterChecks.checkValue(source, field, value);
            values.add(value.literal());
            Token separator = peek();
            if (separator.kind() == Kind.COMMA) {
                advance();
            } else if (separator.kind() != Kind.RIGHT_BRACKET) {
                throw source.error(
                        separator.position(),
                        "expected ',' or ']' in the list opened at position " + open.position() + " but found "
                                + separator.describe());
            }
        }
        advance();
        DataType type = field.schema().dataType();
        return new In(field.name(), type, ValueSet.of(type, values), negated);
    }

    private Filter like(FieldOperand field) {
        DataType type = field.schema().dataType();
        if (type != DataType.VARCHAR) {
            throw source.error(
                    field.position(),
                    "like needs a VarChar field, but field '" + field.name() + "' is " + FilterTypes.displayName(type));
        }
        Token pattern = advance();
        if (pattern.kind() != Kind.STRING) {
            throw source.error(pattern.position(), "like needs a string pattern but found " + pattern.describe());
        }
        return new Like(field.name(), LikePattern.compile(pattern.likePattern()));
    }

    /** The token after an operand, which may not continue it with arithmetic. */
    private Token peekPastOperand() {
        Token token = peek();
        if (token.kind() == Kind.PLUS || token.kind() == Kind.MINUS) {
            throw source.error(token.position(), "arithmetic ('" + token.text() + "') is not supported in filters");
        }
        return token;
    }

    private Operand operand() {
        Token token = advance();
        if (token.kind() == Kind.IDENTIFIER && peek().kind() == Kind.LEFT_PAREN) {
            throw source.error(token.position(), "function '" + token.text() + "' is not supported in filters");
        }
        return switch (token.kind()) {
            case IDENTIFIER -> new FieldOperand(field(token), token.position());
            case INTEGER, FLOAT -> new LiteralOperand(number("", token), token.position());
            case PLUS, MINUS -> signed(token);
            case STRING -> new LiteralOperand(new StringLiteral(token.text(), token.value()), token.position());
            case TRUE, FALSE ->
                new LiteralOperand(new BoolLiteral(token.text(), token.kind() == Kind.TRUE), token.position());
            default ->
                throw source.error(token.position(), "expected a field or a value but found " + token.describe());
        };
    }

    private LiteralOperand signed(Token sign) {
        Token number = advance();
        if (number.kind() != Kind.INTEGER && number.kind() != Kind.FLOAT) {
            throw source.error(
                    number.position(), "expected a number after '" + sign.text() + "' but found " + number.describe());
        }
        return new LiteralOperand(number(sign.text(), number), sign.position());
    }

    private static NumberLiteral number(String sign, Token token) {
        String text = sign + token.text();
        return new NumberLiteral(text, new BigDecimal(text), token.kind() == Kind.INTEGER);
    }

    private FieldSchema field(Token token) {
        FieldSchema field = schema.findField(token.text())
                .orElseThrow(() -> source.error(
                        token.position(),
                        "field '" + token.text() + "' does not exist in collection '" + schema.name() + "'"));
        if (field.dataType().isVector()) {
            throw source.error(
                    token.position(),
                    "field '" + field.name() + "' is a " + FilterTypes.displayName(field.dataType())
                            + " field; vector fields cannot be used in a filter");
        }
        return field;
    }

    private void enter(Token token) {
        if (++depth > MAX_DEPTH) {
            throw source.error(
                    token.position(),
                    "filter nesting of parentheses and 'not' is deeper than the limit of " + MAX_DEPTH);
        }
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token advance() {
        Token token = tokens.get(next);
        if (token.kind() != Kind.END) {
            next++;
        }
        return token;
    }

    /** One side of a comparison: a field or a value, with where it starts in the filter. */
    sealed interface Operand permits FieldOperand, LiteralOperand {
        int position();
    }

    record FieldOperand(FieldSchema schema, int position) implements Operand {
        String name() {
            return schema.name();
        }
    }

    record LiteralOperand(Literal literal, int position) implements Operand {}
}
