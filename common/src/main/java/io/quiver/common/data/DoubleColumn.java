package io.quiver.common.data;

import static java.util.Objects.requireNonNull;

import io.quiver.common.schema.DataType;

public record DoubleColumn(double[] values) implements Column {
    public DoubleColumn {
        requireNonNull(values, "values");
    }

    @Override
    public DataType type() {
        return DataType.DOUBLE;
    }

    @Override
    public int size() {
        return values.length;
    }

    public double get(int row) {
        return values[row];
    }

    @Override
    public DoubleColumn select(int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return new DoubleColumn(out);
    }
}
