package io.quiver.common.expr;

import static java.util.Objects.requireNonNull;

import io.quiver.common.schema.DataType;
import java.math.BigDecimal;

/** A constant in a filter, with the text it was written as (for messages). */
public sealed interface Literal {

    /** The literal as written in the filter, e.g. {@code -2e3} or {@code 'abc'}. */
    String text();

    /** What the literal is, for messages: {@code integer 5}, {@code string "abc"}. */
    String describe();

    /** True if a field of the given type can be compared with this literal. */
    boolean fits(DataType type);

    static NumberLiteral of(long value) {
        return new NumberLiteral(Long.toString(value), BigDecimal.valueOf(value), true);
    }

    static NumberLiteral of(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a filter number must be finite, not " + value);
        }
        return new NumberLiteral(Double.toString(value), new BigDecimal(value), false);
    }

    static StringLiteral of(String value) {
        return new StringLiteral(StringLiteral.quote(value), value);
    }

    static BoolLiteral of(boolean value) {
        return new BoolLiteral(Boolean.toString(value), value);
    }

    /**
     * A number, held exactly. Integer fields compare with {@link #value()} exactly; Double fields with
     * {@link #doubleValue()} and Float fields with {@link #floatValue()}, the nearest value of the field's
     * type, as the stored values were rounded when inserted.
     *
     * @param integral true if written as an integer (no point, no exponent)
     */
    record NumberLiteral(String text, BigDecimal value, boolean integral) implements Literal {
        public NumberLiteral {
            requireNonNull(text, "text");
            requireNonNull(value, "value");
        }

        public double doubleValue() {
            return value.doubleValue();
        }

        public float floatValue() {
            return value.floatValue();
        }

        @Override
        public String describe() {
            return (integral ? "integer " : "number ") + text;
        }

        @Override
        public boolean fits(DataType type) {
            return type.isNumeric();
        }
    }

    record StringLiteral(String text, String value) implements Literal {
        public StringLiteral {
            requireNonNull(text, "text");
            requireNonNull(value, "value");
        }

        @Override
        public String describe() {
            return "string " + text;
        }

        @Override
        public boolean fits(DataType type) {
            return type == DataType.VARCHAR;
        }

        static String quote(String value) {
            StringBuilder out = new StringBuilder(value.length() + 2).append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '"', '\\' -> out.append('\\').append(c);
                    case '\n' -> out.append("\\n");
                    case '\t' -> out.append("\\t");
                    case '\r' -> out.append("\\r");
                    default -> out.append(c);
                }
            }
            return out.append('"').toString();
        }
    }

    record BoolLiteral(String text, boolean value) implements Literal {
        public BoolLiteral {
            requireNonNull(text, "text");
        }

        @Override
        public String describe() {
            return "boolean " + text;
        }

        @Override
        public boolean fits(DataType type) {
            return type == DataType.BOOL;
        }
    }
}
