package io.quiver.storage.binlog;

import io.quiver.common.data.BoolColumn;
import io.quiver.common.data.Column;
import io.quiver.common.data.DoubleColumn;
import io.quiver.common.data.FloatColumn;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.data.LongColumn;
import io.quiver.common.data.StringColumn;
import io.quiver.common.schema.DataType;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Maps Quiver columns to Arrow vectors and back. Bool is Arrow Bool, Int8..Int64 the signed Arrow Int
 * of that width, Float and Double Arrow FloatingPoint SINGLE and DOUBLE, VarChar Utf8, and a float
 * vector of dimension d FixedSizeList&lt;float32&gt;(d) whose child is named {@code item}. No value is null.
 */
final class ArrowColumns {
    private static final String LIST_ITEM = "item";

    private ArrowColumns() {}

    /** The Arrow field holding a column of the given type (dimension: vector fields only). */
    static Field field(String name, DataType type, int dimension) {
        if (type == DataType.FLOAT_VECTOR) {
            Field item = new Field(
                    LIST_ITEM, FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)), null);
            return new Field(name, FieldType.notNullable(new ArrowType.FixedSizeList(dimension)), List.of(item));
        }
        return new Field(name, FieldType.notNullable(scalarType(type)), null);
    }

    private static ArrowType scalarType(DataType type) {
        return switch (type) {
            case BOOL -> ArrowType.Bool.INSTANCE;
            case INT8 -> new ArrowType.Int(8, true);
            case INT16 -> new ArrowType.Int(16, true);
            case INT32 -> new ArrowType.Int(32, true);
            case INT64 -> new ArrowType.Int(64, true);
            case FLOAT -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case VARCHAR -> ArrowType.Utf8.INSTANCE;
            case FLOAT_VECTOR -> throw new IllegalArgumentException("a vector is not a scalar type");
        };
    }

    /** Allocates {@code vector} (created from {@link #field}) and copies every value of {@code column} into it. */
    static void fill(FieldVector vector, Column column) {
        int rows = column.size();
        switch (column) {
            case BoolColumn c -> fillBool((BitVector) vector, c);
            case LongColumn c -> fillLong(vector, c);
            case FloatColumn c -> fillFloats((Float4Vector) vector, c.values());
            case DoubleColumn c -> fillDoubles((Float8Vector) vector, c.values());
            case StringColumn c -> fillStrings((VarCharVector) vector, c);
            case FloatVectorColumn c -> fillVectors((FixedSizeListVector) vector, c);
        }
        vector.setValueCount(rows);
    }

    private static void fillBool(BitVector vector, BoolColumn column) {
        vector.allocateNew(column.size());
        for (int row = 0; row < column.size(); row++) {
            vector.set(row, column.get(row) ? 1 : 0);
        }
    }

    private static void fillLong(FieldVector vector, LongColumn column) {
        int rows = column.size();
        switch (vector) {
            case TinyIntVector v -> {
                v.allocateNew(rows);
                for (int row = 0; row < rows; row++) {
                    v.set(row, (byte) column.get(row));
                }
            }
            case SmallIntVector v -> {
                v.allocateNew(rows);
                for (int row = 0; row < rows; row++) {
                    v.set(row, (short) column.get(row));
                }
            }
            case IntVector v -> {
                v.allocateNew(rows);
                for (int row = 0; row < rows; row++) {
                    v.set(row, (int) column.get(row));
                }
            }
            case BigIntVector v -> {
                v.allocateNew(rows);
                for (int row = 0; row < rows; row++) {
                    v.set(row, column.get(row));
                }
            }
            default -> throw new IllegalArgumentException("no integer vector: " + vector.getField());
        }
    }

    private static void fillFloats(Float4Vector vector, float[] values) {
        vector.allocateNew(values.length);
        copyFloatsIn(vector, values);
    }

    private static void fillDoubles(Float8Vector vector, double[] values) {
        vector.allocateNew(values.length);
        vector.getDataBuffer()
                .nioBuffer(0, values.length * Double.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN)
                .asDoubleBuffer()
                .put(values);
        setAllValid(vector.getValidityBuffer(), values.length);
    }

    private static void fillStrings(VarCharVector vector, StringColumn column) {
        byte[][] utf8 = new byte[column.size()][];
        long totalBytes = 0;
        for (int row = 0; row < utf8.length; row++) {
            utf8[row] = column.get(row).getBytes(StandardCharsets.UTF_8);
            totalBytes += utf8[row].length;
        }
        vector.allocateNew(Math.max(totalBytes, 1), utf8.length);
        for (int row = 0; row < utf8.length; row++) {
            vector.set(row, utf8[row]);
        }
    }

    private static void fillVectors(FixedSizeListVector vector, FloatVectorColumn column) {
        vector.setInitialCapacity(column.size());
        vector.allocateNew();
        Float4Vector items = (Float4Vector) vector.getDataVector();
        if (items.getValueCapacity() < column.values().length) {
            items.allocateNew(column.values().length);
        }
        copyFloatsIn(items, column.values());
        items.setValueCount(column.values().length);
        setAllValid(vector.getValidityBuffer(), column.size());
    }

    private static void copyFloatsIn(Float4Vector vector, float[] values) {
        vector.getDataBuffer()
                .nioBuffer(0, values.length * Float.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .put(values);
        setAllValid(vector.getValidityBuffer(), values.length);
    }

    /** Sets the validity bits of {@code count} values, leaving the bits after them clear. */
    private static void setAllValid(ArrowBuf validity, int count) {
        validity.setOne(0L, (long) (count / Byte.SIZE));
        for (int bit = count / Byte.SIZE * Byte.SIZE; bit < count; bit++) {
            BitVectorHelper.setBit(validity, bit);
        }
    }

    /** The values of a vector holding {@code rows} values of {@code type}, checked with {@link #field}. */
    static Column toColumn(FieldVector vector, DataType type, int rows) {
        return switch (type) {
            case BOOL -> {
                BitVector v = (BitVector) vector;
                boolean[] values = new boolean[rows];
                for (int row = 0; row < rows; row++) {
                    values[row] = v.get(row) != 0;
                }
                yield new BoolColumn(values);
            }
            case INT8, INT16, INT32, INT64 -> new LongColumn(type, readLongs(vector, rows));
            case FLOAT -> new FloatColumn(readFloats((Float4Vector) vector, rows));
            case DOUBLE -> {
                double[] values = new double[rows];
                ((Float8Vector) vector)
                        .getDataBuffer()
                        .nioBuffer(0, rows * Double.BYTES)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .asDoubleBuffer()
                        .get(values);
                yield new DoubleColumn(values);
            }
            case VARCHAR -> {
                VarCharVector v = (VarCharVector) vector;
                String[] values = new String[rows];
                for (int row = 0; row < rows; row++) {
                    values[row] = new String(v.get(row), StandardCharsets.UTF_8);
                }
                yield new StringColumn(values);
            }
            case FLOAT_VECTOR -> {
                FixedSizeListVector v = (FixedSizeListVector) vector;
                float[] values = readFloats((Float4Vector) v.getDataVector(), rows * v.getListSize());
                yield new FloatVectorColumn(v.getListSize(), values);
            }
        };
    }

    private static long[] readLongs(FieldVector vector, int rows) {
        long[] values = new long[rows];
        switch (vector) {
            case TinyIntVector v -> Arrays.setAll(values, v::get);
            case SmallIntVector v -> Arrays.setAll(values, v::get);
            case IntVector v -> Arrays.setAll(values, v::get);
            case BigIntVector v -> Arrays.setAll(values, v::get);
            default -> throw new IllegalArgumentException("no integer vector: " + vector.getField());
        }
        return values;
    }

    private static float[] readFloats(Float4Vector vector, int count) {
        float[] values = new float[count];
        vector.getDataBuffer()
                .nioBuffer(0, count * Float.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(values);
        return values;
    }

    /** Number of null values in the vector and, for a vector column, its items. */
    static long nullCount(FieldVector vector) {
        long nulls = vector.getNullCount();
        if (vector instanceof FixedSizeListVector list) {
            nulls += list.getDataVector().getNullCount();
        }
        return nulls;
    }
}
