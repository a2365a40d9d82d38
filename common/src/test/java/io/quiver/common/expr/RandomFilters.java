package io.quiver.common.expr;

import static io.quiver.common.expr.FilterFixtures.scalar;
import static io.quiver.common.expr.FilterFixtures.vector;

import io.quiver.common.data.BoolColumn;
import io.quiver.common.data.Column;
import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.DoubleColumn;
import io.quiver.common.data.FloatColumn;
import io.quiver.common.data.LongColumn;
import io.quiver.common.data.StringColumn;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.DataType;
import io.quiver.common.schema.FieldSchema;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Random filters, each with its text and a row-at-a-time reference evaluation written independently of
 * the parser and the evaluator: integers compare exactly via {@link BigDecimal}, floats in their own
 * type with Java's operators, strings by code point arrays, like patterns via regular expressions.
 */
final class RandomFilters {
    static final CollectionSchema SCHEMA = new CollectionSchema(
            "random",
            "",
            List.of(
                    new FieldSchema(100, "pk", DataType.INT64, true, false, 0, 0, ""),
                    scalar(101, "i32", DataType.INT32),
                    scalar(102, "i8", DataType.INT8),
                    scalar(103, "f", DataType.FLOAT),
                    scalar(104, "d", DataType.DOUBLE),
                    scalar(105, "s", DataType.VARCHAR),
                    scalar(106, "b", DataType.BOOL),
                    vector(107)));

    private static final String[] INTEGER_FIELDS = {"pk", "i32", "i8"};
    private static final String[] ORDERED_FIELDS = {"pk", "i32", "i8", "f", "d", "s"};
    private static final String[] ALL_FIELDS = {"pk", "i32", "i8", "f", "d", "s", "b"};
    private static final String[] NUMBERS = {
        "0",
        "1",
        "2",
        "3",
        "-1",
        "-3",
        "+2",
        "5",
        "2.5",
        "-2.5",
        "0.5",
        ".5",
        "-0.5",
        "0.1",
        "3.",
        "1e1",
        "-2e0",
        "1E-3",
        "0.0",
        "-0.0",
        "127",
        "128",
        "-128",
        "-129",
        "2147483647",
        "2147483648",
        "-2147483649",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "-9223372036854775809",
        "9007199254740993",
        "9007199254740992.5",
        "1e30",
        "-1e30",
        "1e40",
        "-1e400",
        "3.4028235e38",
        "1e300"
    };
    private static final long[] LONGS = {
        Long.MIN_VALUE, Long.MAX_VALUE, (1L << 53) + 1, (1L << 53), Integer.MAX_VALUE, Integer.MIN_VALUE, 127, -128
    };
    private static final float[] FLOATS = {
        Float.NaN,
        -0.0f,
        0.0f,
        0.1f,
        0.5f,
        1f,
        2.5f,
        -2.5f,
        3f,
        Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY,
        Float.MAX_VALUE
    };
    private static final double[] DOUBLES = {
        Double.NaN, -0.0, 0.0, 0.1, 0.5, 1, 2.5, -2.5, 3, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300
    };
    private static final String[] CHARACTERS = {"a", "b", "%", "_", "é", "😀", "\uFFFF", "\\", "\"", "'", "日"};

    /** A comparison result for values that are neither equal nor ordered (NaN, unequal booleans). */
    private static final int UNORDERED_UNEQUAL = Integer.MIN_VALUE;

    static final int OR = 1;
    static final int AND = 2;
    static final int NOT = 3;
    static final int LEAF = 4;

    /** One column of values per field. */
    record Rows(int count, long[] pk, long[] i32, long[] i8, float[] f, double[] d, String[] s, boolean[] b) {
        static Rows random(Random random, int count) {
            long[] pk = new long[count];
            long[] i32 = new long[count];
            long[] i8 = new long[count];
            float[] f = new float[count];
            double[] d = new double[count];
            String[] s = new String[count];
            boolean[] b = new boolean[count];
            for (int i = 0; i < count; i++) {
                pk[i] = random.nextInt(10) == 0 ? LONGS[random.nextInt(LONGS.length)] : random.nextInt(9) - 3;
                i32[i] = random.nextInt(10) == 0
                        ? (random.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE)
                        : random.nextInt(9) - 3;
                i8[i] = random.nextInt(5) == 0 ? (random.nextBoolean() ? 127 : -128) : random.nextInt(9) - 3;
                f[i] = FLOATS[random.nextInt(FLOATS.length)];
                d[i] = DOUBLES[random.nextInt(DOUBLES.length)];
                s[i] = randomString(random, 3);
                b[i] = random.nextBoolean();
            }
            return new Rows(count, pk, i32, i8, f, d, s, b);
        }

        ColumnBatch batch() {
            Map<String, Column> columns = new LinkedHashMap<>();
            columns.put("pk", LongColumn.int64(pk));
            columns.put("i32", new LongColumn(DataType.INT32, i32));
            columns.put("i8", new LongColumn(DataType.INT8, i8));
            columns.put("f", new FloatColumn(f));
            columns.put("d", new DoubleColumn(d));
            columns.put("s", new StringColumn(s));
            columns.put("b", new BoolColumn(b));
            return new ColumnBatch(count, columns);
        }

        long integer(String field, int row) {
            return switch (field) {
                case "pk" -> pk[row];
                case "i32" -> i32[row];
                case "i8" -> i8[row];
                default -> throw new IllegalArgumentException(field);
            };
        }
    }

    /** The reference meaning of a filter: does a row pass. */
    interface RowTest {
        boolean test(Rows rows, int row);
    }

    /**
     * A generated filter.
     *
     * @param precedence how tightly it binds: {@link #OR} to {@link #LEAF}
     */
    record Expr(String text, int precedence, RowTest test, Set<String> fields) {}

    private final Random random;

    RandomFilters(Random random) {
        this.random = random;
    }

    Expr expression(int depth) {
        if (depth == 0 || random.nextInt(4) == 0) {
            return leaf();
        }
        return switch (random.nextInt(5)) {
            case 0 -> not(expression(depth - 1));
            case 1, 2 -> junction(depth, AND);
            default -> junction(depth, OR);
        };
    }

    private Expr junction(int depth, int precedence) {
        int count = 2 + random.nextInt(2);
        StringBuilder text = new StringBuilder();
        RowTest test = null;
        Set<String> fields = new HashSet<>();
        for (int i = 0; i < count; i++) {
            Expr operand = expression(depth - 1);
            if (i > 0) {
                text.append(' ').append(precedence == AND ? pick("and", "AND", "&&") : pick("or", "OR", "||"));
                text.append(' ');
            }
            text.append(group(operand, precedence));
            RowTest previous = test;
            RowTest next = operand.test();
            test = previous == null
                    ? next
                    : precedence == AND
                            ? (rows, row) -> previous.test(rows, row) && next.test(rows, row)
                            : (rows, row) -> previous.test(rows, row) || next.test(rows, row);
            fields.addAll(operand.fields());
        }
        return new Expr(text.toString(), precedence, test, fields);
    }

    private Expr not(Expr operand) {
        String keyword = pick("not ", "NOT ", "!", "! ");
        RowTest test = operand.test();
        return new Expr(keyword + group(operand, NOT), NOT, (rows, row) -> !test.test(rows, row), operand.fields());
    }

    /** The operand's text, in parentheses if it binds more loosely than its context (or at random). */
    private String group(Expr operand, int context) {
        boolean parens = operand.precedence() < context || random.nextInt(6) == 0;
        return parens ? "(" + operand.text() + ")" : operand.text();
    }

    private Expr leaf() {
        return switch (random.nextInt(12)) {
            case 0, 1, 2, 3 -> compare();
            case 4, 5 -> range();
            case 6, 7 -> in();
            case 8, 9 -> like();
            case 10 -> bool();
            default -> {
                boolean value = random.nextBoolean();
                yield new Expr(
                        value ? pick("true", "True", "TRUE") : pick("false", "False", "FALSE"),
                        LEAF,
                        (rows, row) -> value,
                        Set.of());
            }
        };
    }

    private Expr compare() {
        String field = random.nextInt(8) == 0 ? "b" : ORDERED_FIELDS[random.nextInt(ORDERED_FIELDS.length)];
        String op = field.equals("b") ? pick("==", "!=") : pick("==", "!=", "<", "<=", ">", ">=");
        Value value = value(field);
        String space = random.nextInt(4) == 0 ? "" : " ";
        String text = random.nextBoolean()
                ? field + space + op + space + value.text()
                : value.text() + space + flip(op) + space + field;
        return new Expr(text, LEAF, (rows, row) -> holds(compare(rows, row, field, value), op), Set.of(field));
    }

    private Expr range() {
        String field = ORDERED_FIELDS[random.nextInt(ORDERED_FIELDS.length)];
        Value low = value(field);
        Value high = value(field);
        boolean lowInclusive = random.nextBoolean();
        boolean highInclusive = random.nextBoolean();
        String text = random.nextBoolean()
                ? low.text() + (lowInclusive ? " <= " : " < ") + field + (highInclusive ? " <= " : " < ") + high.text()
                : high.text() + (highInclusive ? " >= " : " > ") + field + (lowInclusive ? " >= " : " > ") + low.text();
        RowTest test = (rows, row) -> {
            int fromLow = compare(rows, row, field, low);
            int fromHigh = compare(rows, row, field, high);
            return holds(fromLow, lowInclusive ? ">=" : ">") && holds(fromHigh, highInclusive ? "<=" : "<");
        };
        return new Expr(text, LEAF, test, Set.of(field));
    }

    private Expr in() {
        String field = ALL_FIELDS[random.nextInt(ALL_FIELDS.length)];
        boolean negated = random.nextBoolean();
        Value[] values = new Value[random.nextInt(random.nextInt(10) == 0 ? 30 : 5)];
        StringBuilder text = new StringBuilder(field).append(' ');
        text.append(negated ? pick("not in", "NOT IN", "not IN") : pick("in", "IN"))
                .append(" [");
        for (int i = 0; i < values.length; i++) {
            values[i] = value(field);
            text.append(i > 0 ? ", " : "").append(values[i].text());
        }
        text.append(values.length > 0 && random.nextInt(5) == 0 ? ",]" : "]");
        RowTest test = (rows, row) -> {
            boolean found = false;
            for (Value value : values) {
                found |= holds(compare(rows, row, field, value), "==");
            }
            return found != negated;
        };
        return new Expr(text.toString(), LEAF, test, Set.of(field));
    }

    private Expr like() {
        StringBuilder pattern = new StringBuilder();
        StringBuilder regex = new StringBuilder();
        char quote = random.nextBoolean() ? '"' : '\'';
        int units = random.nextInt(5);
        for (int i = 0; i < units; i++) {
            switch (random.nextInt(4)) {
                case 0 -> {
                    pattern.append('%');
                    regex.append(".*");
                }
                case 1 -> {
                    pattern.append('_');
                    regex.append('.');
                }
                default -> {
                    String c = CHARACTERS[random.nextInt(CHARACTERS.length)];
                    boolean special = c.equals("%") || c.equals("_") || c.equals("\\") || c.charAt(0) == quote;
                    pattern.append(special ? "\\" + c : c);
                    regex.append(Pattern.quote(c));
                }
            }
        }
        Pattern compiled = Pattern.compile(regex.toString(), Pattern.DOTALL);
        String text = "s " + pick("like", "LIKE") + " " + quote + pattern + quote;
        return new Expr(
                text, LEAF, (rows, row) -> compiled.matcher(rows.s()[row]).matches(), Set.of("s"));
    }

    private Expr bool() {
        return switch (random.nextInt(4)) {
            case 0 -> new Expr("b", LEAF, (rows, row) -> rows.b()[row], Set.of("b"));
            case 1 -> new Expr("b == " + pick("true", "True"), LEAF, (rows, row) -> rows.b()[row], Set.of("b"));
            case 2 -> new Expr("b != " + pick("true", "TRUE"), LEAF, (rows, row) -> !rows.b()[row], Set.of("b"));
            default -> new Expr("false == b", LEAF, (rows, row) -> !rows.b()[row], Set.of("b"));
        };
    }

    /** A literal of the field's type; {@code text} as written, {@code value} what it means. */
    record Value(String text, Object value) {}

    private Value value(String field) {
        if (field.equals("s")) {
            String value = randomString(random, 3);
            return new Value(quote(value), value);
        }
        if (field.equals("b")) {
            boolean value = random.nextBoolean();
            return new Value(value ? pick("true", "True", "TRUE") : pick("false", "False", "FALSE"), value);
        }
        String number = Arrays.asList(INTEGER_FIELDS).contains(field) && random.nextBoolean()
                ? Integer.toString(random.nextInt(9) - 3)
                : NUMBERS[random.nextInt(NUMBERS.length)];
        boolean signed = number.startsWith("-") || number.startsWith("+");
        String text = signed && random.nextInt(4) == 0 ? number.charAt(0) + " " + number.substring(1) : number;
        return new Value(text, number);
    }

    /** Negative, zero or positive as the row's value is below, at or above the literal; NaN is unordered. */
    private static int compare(Rows rows, int row, String field, Value value) {
        return switch (field) {
            case "pk", "i32", "i8" ->
                BigDecimal.valueOf(rows.integer(field, row)).compareTo(new BigDecimal((String) value.value()));
            case "f" -> floatingCompare(rows.f()[row], Float.parseFloat((String) value.value()));
            case "d" -> floatingCompare(rows.d()[row], Double.parseDouble((String) value.value()));
            case "s" ->
                Arrays.compare(
                        rows.s()[row].codePoints().toArray(),
                        ((String) value.value()).codePoints().toArray());
            case "b" -> rows.b()[row] == (Boolean) value.value() ? 0 : UNORDERED_UNEQUAL;
            default -> throw new IllegalArgumentException(field);
        };
    }

    private static int floatingCompare(double x, double c) {
        if (x < c) {
            return -1;
        }
        if (x > c) {
            return 1;
        }
        return x == c ? 0 : UNORDERED_UNEQUAL;
    }

    private static boolean holds(int comparison, String op) {
        if (comparison == UNORDERED_UNEQUAL) {
            return op.equals("!=");
        }
        return switch (op) {
            case "==" -> comparison == 0;
            case "!=" -> comparison != 0;
            case "<" -> comparison < 0;
            case "<=" -> comparison <= 0;
            case ">" -> comparison > 0;
            case ">=" -> comparison >= 0;
            default -> throw new IllegalArgumentException(op);
        };
    }

    private static String flip(String op) {
        return switch (op) {
            case "<" -> ">";
            case "<=" -> ">=";
            case ">" -> "<";
            case ">=" -> "<=";
            default -> op;
        };
    }

    /** The string as a literal in random quotes, some characters escaped (as \\uXXXX or \\%). */
    private String quote(String value) {
        char quote = random.nextBoolean() ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(quote);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == quote || c == '\\') {
                out.append('\\').append(c);
            } else if (random.nextInt(5) == 0) {
                out.append(String.format("\\u%04x", (int) c));
            } else if ((c == '%' || c == '_') && random.nextBoolean()) {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        return out.append(quote).toString();
    }

    private static String randomString(Random random, int maxLength) {
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            out.append(CHARACTERS[random.nextInt(CHARACTERS.length)]);
        }
        return out.toString();
    }

    private String pick(String... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
