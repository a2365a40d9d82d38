package io.quiver.common.data;

import static java.util.Objects.requireNonNull;

import io.quiver.common.schema.DataType;

/** Float vectors stored row-major in one flat array: row {@code r} is {@code values[r*dim .. (r+1)*dim)}. */
public record FloatVectorColumn(int dimension, float[] values) implements Column {
    public FloatVectorColumn {
        requireNonNull(values, "values");
        if (dimension <= 0 || values.length % dimension != 0) {
            throw new IllegalArgumentException(
                    "vector data of length " + values.length + " is not a whole number of " + dimension + "-d rows");
        }
    }

    @Override
    public DataType type() {
        return DataType.FLOAT_VECTOR;
    }

    @Override
    public int size() {
        return values.length / dimension;
    }

    /** A copy of one row's vector. */
    public float[] vector(int row) {
        float[] out = new float[dimension];
        System.arraycopy(values, row * dimension, out, 0, dimension);
        return out;
    }

    /** Offset of a row's first component in {@link #values()}. */
    public int offset(int row) {
        return row * dimension;
    }

    @Override
    public FloatVectorColumn select(int[] rows) {
        float[] out = new float[rows.length * dimension];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(values, rows[i] * dimension, out, i * dimension, dimension);
        }
        return new FloatVectorColumn(dimension, out);
    }
}
