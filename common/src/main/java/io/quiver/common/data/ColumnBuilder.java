package io.quiver.common.data;

import io.quiver.common.schema.DataType;
import java.util.Arrays;

/** Gathers single rows from columns of one type into a new column. */
public final class ColumnBuilder {
    private final DataType type;
    private final int dimension;
    private int size;
    private long[] longs = new long[0];
    private float[] floats = new float[0];
    private double[] doubles = new double[0];
    private boolean[] bools = new boolean[0];
    private String[] strings = new String[0];

    public ColumnBuilder(DataType type, int dimension, int expectedRows) {
        this.type = type;
        this.dimension = Math.max(dimension, 1);
        int capacity = Math.max(expectedRows, 4);
        switch (type) {
            case BOOL -> bools = new boolean[capacity];
            case INT8, INT16, INT32, INT64 -> longs = new long[capacity];
            case FLOAT -> floats = new float[capacity];
            case DOUBLE -> doubles = new double[capacity];
            case VARCHAR -> strings = new String[capacity];
            case FLOAT_VECTOR -> floats = new float[capacity * this.dimension];
        }
    }

    /** Builder for the type (and dimension) of an existing column. */
    public static ColumnBuilder like(Column column, int expectedRows) {
        int dimension = column instanceof FloatVectorColumn v ? v.dimension() : 0;
        return new ColumnBuilder(column.type(), dimension, expectedRows);
    }

    /** Appends row {@code row} of {@code source}, which must have this builder's type. */
    public ColumnBuilder append(Column source, int row) {
        switch (source) {
            case BoolColumn c -> {
                bools = ensure(bools, size + 1);
                bools[size] = c.get(row);
            }
            case LongColumn c -> {
                longs = ensure(longs, size + 1);
                longs[size] = c.get(row);
            }
            case FloatColumn c -> {
                floats = ensure(floats, size + 1);
                floats[size] = c.get(row);
            }
            case DoubleColumn c -> {
                doubles = ensure(doubles, size + 1);
                doubles[size] = c.get(row);
            }
            case StringColumn c -> {
                strings = ensure(strings, size + 1);
                strings[size] = c.get(row);
            }
            case FloatVectorColumn c -> {
                floats = ensure(floats, (size + 1) * dimension);
                System.arraycopy(c.values(), c.offset(row), floats, size * dimension, dimension);
            }
        }
        size++;
        return this;
    }

    /** Appends every row of {@code source}. */
    public ColumnBuilder appendAll(Column source) {
        for (int row = 0; row < source.size(); row++) {
            append(source, row);
        }
        return this;
    }

    public int size() {
        return size;
    }

    public Column build() {
        return switch (type) {
            case BOOL -> new BoolColumn(Arrays.copyOf(bools, size));
            case INT8, INT16, INT32, INT64 -> new LongColumn(type, Arrays.copyOf(longs, size));
            case FLOAT -> new FloatColumn(Arrays.copyOf(floats, size));
            case DOUBLE -> new DoubleColumn(Arrays.copyOf(doubles, size));
            case VARCHAR -> new StringColumn(Arrays.copyOf(strings, size));
            case FLOAT_VECTOR -> new FloatVectorColumn(dimension, Arrays.copyOf(floats, size * dimension));
        };
    }

    private static long[] ensure(long[] a, int n) {
        return n <= a.length ? a : Arrays.copyOf(a, Math.max(n, a.length * 2));
    }

    private static float[] ensure(float[] a, int n) {
        return n <= a.length ? a : Arrays.copyOf(a, Math.max(n, a.length * 2));
    }

    private static double[] ensure(double[] a, int n) {
        return n <= a.length ? a : Arrays.copyOf(a, Math.max(n, a.length * 2));
    }

    private static boolean[] ensure(boolean[] a, int n) {
        return n <= a.length ? a : Arrays.copyOf(a, Math.max(n, a.length * 2));
    }

    private static String[] ensure(String[] a, int n) {
        return n <= a.length ? a : Arrays.copyOf(a, Math.max(n, a.length * 2));
    }
}
