package io.quiver.common.data;

import static java.util.Objects.requireNonNull;

import io.quiver.common.schema.DataType;

public record FloatColumn(float[] values) implements Column {
    public FloatColumn {
        requireNonNull(values, "values");
    }

    @Override
    public DataType type() {
        return DataType.FLOAT;
    }

    @Override
    public int size() {
        return values.length;
    }

    public float get(int row) {
        return values[row];
    }

    @Override
    public FloatColumn select(int[] rows) {
        float[] out = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return new FloatColumn(out);
    }
}
