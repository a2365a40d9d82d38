package io.quiver.common.expr;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.data.BoolColumn;
import io.quiver.common.data.Column;
import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.DoubleColumn;
import io.quiver.common.data.FloatColumn;
import io.quiver.common.data.LongColumn;
import io.quiver.common.data.StringColumn;
import io.quiver.common.expr.Intervals.Bounds;
import io.quiver.common.expr.Intervals.DoubleInterval;
import io.quiver.common.expr.Intervals.FloatInterval;
import io.quiver.common.expr.Intervals.LongInterval;
import io.quiver.common.expr.Literal.BoolLiteral;
import io.quiver.common.expr.Literal.StringLiteral;
import io.quiver.common.schema.DataType;

/** Evaluates a filter tree over a batch into a row mask (see {@link Bits}). */
final class FilterEvaluator {
    private FilterEvaluator() {}

    static long[] evaluate(Filter filter, ColumnBatch batch) {
        int rows = batch.rowCount();
        return switch (filter) {
            case Constant constant -> constant.value() ? Bits.all(rows) : Bits.none(rows);
            case BoolField bool -> ColumnScans.boolEquals(bools(batch, bool.field()), true);
            case Compare compare -> compare(compare, batch);
            case Range range -> bounded(range.field(), range.type(), Bounds.of(range), batch);
            case In in -> in(in, batch);
            case Like like -> ColumnScans.like(strings(batch, like.field()), like.pattern());
            case Not not -> Bits.not(evaluate(not.operand(), batch), rows);
            case And and -> and(and, batch);
            case Or or -> or(or, batch);
        };
    }

    private static long[] and(And and, ColumnBatch batch) {
        long[] result = evaluate(and.operands().get(0), batch);
        for (int i = 1; i < and.operands().size() && !Bits.isEmpty(result); i++) {
            Bits.and(result, evaluate(and.operands().get(i), batch));
        }
        return result;
    }

    private static long[] or(Or or, ColumnBatch batch) {
        long[] result = evaluate(or.operands().get(0), batch);
        for (int i = 1; i < or.operands().size() && !Bits.isFull(result, batch.rowCount()); i++) {
            Bits.or(result, evaluate(or.operands().get(i), batch));
        }
        return result;
    }

    private static long[] compare(Compare compare, ColumnBatch batch) {
        long[] equal = bounded(compare.field(), compare.type(), Bounds.of(compare.op(), compare.value()), batch);
        return compare.op() == CompareOp.NE ? Bits.not(equal, batch.rowCount()) : equal;
    }

    private static long[] bounded(String field, DataType type, Bounds bounds, ColumnBatch batch) {
        Column column = batch.column(field);
        return switch (column) {
            case LongColumn c
            when type.isInteger() -> {
                LongInterval interval = Intervals.longs(bounds);
                yield ColumnScans.longBetween(c.values(), interval.lo(), interval.hi());
            }
            case DoubleColumn c
            when type == DataType.DOUBLE -> {
                DoubleInterval interval = Intervals.doubles(bounds);
                yield ColumnScans.doubleBetween(c.values(), interval.lo(), interval.hi());
            }
            case FloatColumn c
            when type == DataType.FLOAT -> {
                FloatInterval interval = Intervals.floats(bounds);
                yield ColumnScans.floatBetween(c.values(), interval.lo(), interval.hi());
            }
            case StringColumn c when type == DataType.VARCHAR -> strings(c, bounds);
            case BoolColumn c
            when type == DataType.BOOL && bounds.isPoint() ->
                ColumnScans.boolEquals(c.values(), ((BoolLiteral) bounds.lower()).value());
            default -> throw mismatch(field, type, column);
        };
    }

    private static long[] strings(StringColumn column, Bounds bounds) {
        if (bounds.isPoint()) {
            return ColumnScans.stringEquals(column.values(), ((StringLiteral) bounds.lower()).value());
        }
        return ColumnScans.stringBetween(
                column.values(),
                bounds.lower() == null ? null : ((StringLiteral) bounds.lower()).value(),
                bounds.lowerInclusive(),
                bounds.upper() == null ? null : ((StringLiteral) bounds.upper()).value(),
                bounds.upperInclusive());
    }

    private static long[] in(In in, ColumnBatch batch) {
        Column column = batch.column(in.field());
        long[] found = in.values().scan(column);
        if (found == null) {
            throw mismatch(in.field(), in.type(), column);
        }
        return in.negated() ? Bits.not(found, batch.rowCount()) : found;
    }

    private static boolean[] bools(ColumnBatch batch, String field) {
        Column column = batch.column(field);
        if (column instanceof BoolColumn bools) {
            return bools.values();
        }
        throw mismatch(field, DataType.BOOL, column);
    }

    private static String[] strings(ColumnBatch batch, String field) {
        Column column = batch.column(field);
        if (column instanceof StringColumn strings) {
            return strings.values();
        }
        throw mismatch(field, DataType.VARCHAR, column);
    }

    private static QuiverException mismatch(String field, DataType expected, Column column) {
        return new QuiverException(
                ErrorCode.INTERNAL,
                "column '" + field + "' holds " + FilterTypes.displayName(column.type())
                        + " values, but the filter expects " + FilterTypes.displayName(expected) + " values");
    }
}
