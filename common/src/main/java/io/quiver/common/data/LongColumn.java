package io.quiver.common.data;

import static java.util.Objects.requireNonNull;

import io.quiver.common.schema.DataType;

/** Values of any integer type (Int8 to Int64), widened to {@code long}. */
public record LongColumn(DataType type, long[] values) implements Column {
    public LongColumn {
        requireNonNull(type, "type");
        requireNonNull(values, "values");
        if (!type.isInteger()) {
            throw new IllegalArgumentException("LongColumn holds integer types, not " + type);
        }
    }

    public static LongColumn int64(long[] values) {
        return new LongColumn(DataType.INT64, values);
    }

    @Override
    public int size() {
        return values.length;
    }

    public long get(int row) {
        return values[row];
    }

    @Override
    public LongColumn select(int[] rows) {
        long[] out = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return new LongColumn(type, out);
    }
}
