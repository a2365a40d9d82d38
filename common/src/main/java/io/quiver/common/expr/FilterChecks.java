package io.quiver.common.expr;

import io.quiver.common.expr.FilterParser.FieldOperand;
import io.quiver.common.expr.FilterParser.LiteralOperand;
import io.quiver.common.expr.FilterParser.Operand;
import io.quiver.common.schema.DataType;

/** Builds comparisons and range chains once parsed, checking their operands against the field types. */
final class FilterChecks {
    private FilterChecks() {}

    /** {@code first op second}, where one side must be a field and the other a value. */
    static Filter compare(FilterText source, Operand first, Token opToken, Operand second) {
        CompareOp op = opToken.kind().compareOp();
        if (first instanceof FieldOperand left && second instanceof FieldOperand right) {
            throw source.error(
                    opToken.position(),
                    "comparing two fields ('" + left.name() + "' and '" + right.name()
                            + "') is not supported; compare a field with a value");
        }
        FieldOperand field;
        LiteralOperand value;
        if (first instanceof FieldOperand f && second instanceof LiteralOperand v) {
            field = f;
            value = v;
        } else if (first instanceof LiteralOperand v && second instanceof FieldOperand f) {
            field = f;
            value = v;
            op = op.flip();
        } else {
            throw source.error(first.position(), "a comparison needs a field on one side, but both sides are values");
        }
        checkOperator(source, field, opToken);
        checkValue(source, field, value);
        return new Compare(field.name(), field.schema().dataType(), op, value.literal());
    }

    /** A range chain {@code low < field < high}, or {@code high > field > low}. */
    static Filter range(FilterText source, Operand a, Token op1, Operand b, Token op2, Operand c) {
        if (!(b instanceof FieldOperand field)) {
            throw source.error(
                    op2.position(),
                    "unexpected '" + op2.text()
                            + "': only a field can stand between two comparisons, as in 1 < age < 5");
        }
        LiteralOperand first = rangeValue(source, a);
        LiteralOperand second = rangeValue(source, c);
        checkOperator(source, field, op1);
        CompareOp left = op1.kind().compareOp();
        CompareOp right = op2.kind().compareOp();
        boolean ascending = isLess(left) && isLess(right);
        boolean descending = isGreater(left) && isGreater(right);
        if (!ascending && !descending) {
            throw source.error(
                    op2.position(),
                    "a range needs '<' or '<=' on both sides, or '>' or '>=' on both" + " sides, but found '"
                            + op1.text() + "' and '" + op2.text() + "'");
        }
        checkValue(source, field, first);
        checkValue(source, field, second);
        LiteralOperand lower = ascending ? first : second;
        LiteralOperand upper = ascending ? second : first;
        CompareOp lowerOp = ascending ? left : right;
        CompareOp upperOp = ascending ? right : left;
        return new Range(
                field.name(),
                field.schema().dataType(),
                lower.literal(),
                isInclusive(lowerOp),
                upper.literal(),
                isInclusive(upperOp));
    }

    /** Fails unless the value can be compared with the field. */
    static void checkValue(FilterText source, FieldOperand field, LiteralOperand value) {
        DataType type = field.schema().dataType();
        if (!value.literal().fits(type)) {
            throw source.error(
                    value.position(),
                    "cannot compare field '" + field.name() + "' (" + FilterTypes.displayName(type) + ") with "
                            + value.literal().describe());
        }
    }

    private static void checkOperator(FilterText source, FieldOperand field, Token opToken) {
        DataType type = field.schema().dataType();
        if (type == DataType.BOOL && opToken.kind().compareOp().isOrdering()) {
            throw source.error(
                    opToken.position(),
                    "operator '" + opToken.text() + "' cannot be applied to field '" + field.name()
                            + "' (Bool); use == or !=");
        }
    }

    private static LiteralOperand rangeValue(FilterText source, Operand operand) {
        if (operand instanceof LiteralOperand value) {
            return value;
        }
        throw source.error(
                operand.position(),
                "a range compares one field with two values, but found field '" + ((FieldOperand) operand).name()
                        + "' at its end");
    }

    private static boolean isInclusive(CompareOp op) {
        return op == CompareOp.LE || op == CompareOp.GE;
    }

    private static boolean isLess(CompareOp op) {
        return op == CompareOp.LT || op == CompareOp.LE;
    }

    private static boolean isGreater(CompareOp op) {
        return op == CompareOp.GT || op == CompareOp.GE;
    }
}
