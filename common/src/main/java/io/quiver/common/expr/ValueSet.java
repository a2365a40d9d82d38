package io.quiver.common.expr;

import static java.util.Objects.requireNonNull;

import io.quiver.common.data.BoolColumn;
import io.quiver.common.data.Column;
import io.quiver.common.data.DoubleColumn;
import io.quiver.common.data.FloatColumn;
import io.quiver.common.data.LongColumn;
import io.quiver.common.data.StringColumn;
import io.quiver.common.expr.Literal.BoolLiteral;
import io.quiver.common.expr.Literal.NumberLiteral;
import io.quiver.common.expr.Literal.StringLiteral;
import io.quiver.common.schema.DataType;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The values of an {@code in} list, compiled once into the form the field's column is scanned with:
 * a sorted {@code long[]} for integer fields (values that are not whole numbers, or lie outside the
 * long range, can match no row and are dropped), a sorted {@code float[]} or {@code double[]} for
 * floating-point fields (literals rounded to the field's type, as in comparisons), a hash set for
 * VarChar and two flags for Bool.
 */
public final class ValueSet {
    private final DataType type;
    private final List<Literal> literals;
    private final long[] longs;
    private final float[] floats;
    private final double[] doubles;
    private final Set<String> strings;
    private final boolean hasTrue;
    private final boolean hasFalse;

    private ValueSet(DataType type, List<Literal> literals) {
        this.type = type;
        this.literals = literals;
        this.longs = type.isInteger() ? longs(literals) : null;
        this.floats = type == DataType.FLOAT ? floats(literals) : null;
        this.doubles = type == DataType.DOUBLE ? doubles(literals) : null;
        this.strings = type == DataType.VARCHAR ? strings(literals) : null;
        this.hasTrue = literals.stream().anyMatch(l -> l instanceof BoolLiteral b && b.value());
        this.hasFalse = literals.stream().anyMatch(l -> l instanceof BoolLiteral b && !b.value());
    }

    /** The set of the given literals, each of which must fit a field of the given type. */
    public static ValueSet of(DataType type, List<? extends Literal> literals) {
        requireNonNull(type, "type");
        if (type.isVector()) {
            throw new IllegalArgumentException("vector fields cannot be matched against an in list");
        }
        List<Literal> copy = List.copyOf(literals);
        for (Literal literal : copy) {
            FilterTypes.checkComparable("in list", type, literal);
        }
        return new ValueSet(type, copy);
    }

    public DataType type() {
        return type;
    }

    /** The literals as written, in order, duplicates included. */
    public List<Literal> literals() {
        return literals;
    }

    /** The rows of {@code column} whose value is in the set; null if the column does not hold this type. */
    long[] scan(Column column) {
        return switch (column) {
            case LongColumn c when longs != null -> ColumnScans.longIn(c.values(), longs);
            case FloatColumn c when floats != null -> ColumnScans.floatIn(c.values(), floats);
            case DoubleColumn c when doubles != null -> ColumnScans.doubleIn(c.values(), doubles);
            case StringColumn c when strings != null -> ColumnScans.stringIn(c.values(), strings);
            case BoolColumn c when type == DataType.BOOL -> scanBools(c);
            default -> null;
        };
    }

    private long[] scanBools(BoolColumn column) {
        int rows = column.size();
        if (hasTrue && hasFalse) {
            return Bits.all(rows);
        }
        if (!hasTrue && !hasFalse) {
            return Bits.none(rows);
        }
        return ColumnScans.boolEquals(column.values(), hasTrue);
    }

    private static long[] longs(List<Literal> literals) {
        return literals.stream()
                .map(l -> Intervals.exactLong(((NumberLiteral) l).value()))
                .filter(v -> v != null)
                .mapToLong(Long::longValue)
                .sorted()
                .distinct()
                .toArray();
    }

    private static float[] floats(List<Literal> literals) {
        float[] values = new float[literals.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = ((NumberLiteral) literals.get(i)).floatValue() + 0.0f;
        }
        Arrays.sort(values);
        return values;
    }

    private static double[] doubles(List<Literal> literals) {
        return literals.stream()
                .mapToDouble(l -> ((NumberLiteral) l).doubleValue() + 0.0)
                .sorted()
                .distinct()
                .toArray();
    }

    private static Set<String> strings(List<Literal> literals) {
        Set<String> values = new HashSet<>();
        literals.forEach(l -> values.add(((StringLiteral) l).value()));
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ValueSet that && type == that.type && literals.equals(that.literals);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + literals.hashCode();
    }

    @Override
    public String toString() {
        return literals.stream().map(Literal::text).toList().toString();
    }
}
