package io.quiver.common.data;

import static java.util.Objects.requireNonNull;

import io.quiver.common.schema.DataType;

public record BoolColumn(boolean[] values) implements Column {
    public BoolColumn {
        requireNonNull(values, "values");
    }

    @Override
    public DataType type() {
        return DataType.BOOL;
    }

    @Override
    public int size() {
        return values.length;
    }

    public boolean get(int row) {
        return values[row];
    }

    @Override
    public BoolColumn select(int[] rows) {
        boolean[] out = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return new BoolColumn(out);
    }
}
