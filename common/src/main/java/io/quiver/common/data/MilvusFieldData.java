package io.quiver.common.data;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.schema.DataType;
import io.quiver.common.schema.FieldSchema;
import io.quiver.proto.milvus.FieldData;
import io.quiver.proto.milvus.IDs;
import io.quiver.proto.milvus.LongArray;
import io.quiver.proto.milvus.ScalarField;
import io.quiver.proto.milvus.StringArray;
import io.quiver.proto.milvus.VectorField;
import java.nio.charset.StandardCharsets;

/** Converts between Milvus {@code FieldData}/{@code IDs} messages and columns, validating every value. */
public final class MilvusFieldData {
    private MilvusFieldData() {}

    /** The number of rows a FieldData holds for its field. */
    public static int rowCount(FieldData data, FieldSchema field) {
        if (field.dataType().isVector()) {
            int floats = data.getVectors().getFloatVector().getDataCount();
            long dim = data.getVectors().getDim();
            if (dim != field.dimension()) {
                throw new QuiverException(
                        ErrorCode.DIMENSION_MISMATCH,
                        "vector dimension " + dim + " does not match field '" + field.name() + "' (" + field.dimension()
                                + ")");
            }
            if (floats % field.dimension() != 0) {
                throw new QuiverException(
                        ErrorCode.DIMENSION_MISMATCH,
                        "field '" + field.name() + "' got " + floats + " floats, not a multiple of its dimension "
                                + field.dimension());
            }
            return floats / field.dimension();
        }
        ScalarField s = data.getScalars();
        return switch (field.dataType()) {
            case BOOL -> s.getBoolData().getDataCount();
            case INT8, INT16, INT32 -> s.getIntData().getDataCount();
            case INT64 -> s.getLongData().getDataCount();
            case FLOAT -> s.getFloatData().getDataCount();
            case DOUBLE -> s.getDoubleData().getDataCount();
            case VARCHAR -> s.getStringData().getDataCount();
            case FLOAT_VECTOR -> throw new IllegalStateException();
        };
    }

    /** Decodes and validates one field's values (type, dimension, finite floats, lengths, ranges). */
    public static Column toColumn(FieldData data, FieldSchema field) {
        checkType(data, field);
        for (int row = 0; row < data.getValidDataCount(); row++) {
            if (!data.getValidData(row)) {
                throw QuiverException.invalid(
                        "row %d of field '%s' is null; the field is not nullable", row, field.name());
            }
        }
        ScalarField s = data.getScalars();
        return switch (field.dataType()) {
            case BOOL -> {
                boolean[] values = new boolean[s.getBoolData().getDataCount()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = s.getBoolData().getData(i);
                }
                yield new BoolColumn(values);
            }
            case INT8, INT16, INT32 -> {
                long[] values = new long[s.getIntData().getDataCount()];
                for (int i = 0; i < values.length; i++) {
                    long v = s.getIntData().getData(i);
                    if (v < field.dataType().minValue() || v > field.dataType().maxValue()) {
                        throw QuiverException.invalid(
                                "value %d in row %d is out of range for field '%s' (%s: %d to %d)",
                                v,
                                i,
                                field.name(),
                                field.dataType(),
                                field.dataType().minValue(),
                                field.dataType().maxValue());
                    }
                    values[i] = v;
                }
                yield new LongColumn(field.dataType(), values);
            }
            case INT64 -> new LongColumn(DataType.INT64, toLongs(s.getLongData()));
            case FLOAT -> {
                float[] values = new float[s.getFloatData().getDataCount()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = s.getFloatData().getData(i);
                    checkFinite(values[i], field, i);
                }
                yield new FloatColumn(values);
            }
            case DOUBLE -> {
                double[] values = new double[s.getDoubleData().getDataCount()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = s.getDoubleData().getData(i);
                    checkFinite(values[i], field, i);
                }
                yield new DoubleColumn(values);
            }
            case VARCHAR -> {
                String[] values = new String[s.getStringData().getDataCount()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = s.getStringData().getData(i);
                    int bytes = values[i].getBytes(StandardCharsets.UTF_8).length;
                    if (bytes > field.maxLength()) {
                        throw QuiverException.invalid(
                                "value in row %d of field '%s' is %d bytes long; max_length is %d",
                                i, field.name(), bytes, field.maxLength());
                    }
                }
                yield new StringColumn(values);
            }
            case FLOAT_VECTOR -> {
                rowCount(data, field);
                var floats = data.getVectors().getFloatVector();
                float[] values = new float[floats.getDataCount()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = floats.getData(i);
                    if (!Float.isFinite(values[i])) {
                        throw QuiverException.invalid(
                                "vector in row %d of field '%s' has a non-finite value (%s) at component %d",
                                i / field.dimension(), field.name(), values[i], i % field.dimension());
                    }
                }
                yield new FloatVectorColumn(field.dimension(), values);
            }
        };
    }

    /** Encodes a column as the FieldData of a field. */
    public static FieldData toFieldData(Column column, FieldSchema field) {
        FieldData.Builder builder = FieldData.newBuilder()
                .setFieldName(field.name())
                .setFieldId(field.id())
                .setTypeValue(field.dataType().milvusNumber());
        ScalarField.Builder scalars = ScalarField.newBuilder();
        switch (column) {
            case BoolColumn c -> {
                var array = io.quiver.proto.milvus.BoolArray.newBuilder();
                for (boolean v : c.values()) {
                    array.addData(v);
                }
                builder.setScalars(scalars.setBoolData(array));
            }
            case LongColumn c
            when c.type() == DataType.INT64 -> builder.setScalars(scalars.setLongData(toProto(c.values())));
            case LongColumn c -> {
                var array = io.quiver.proto.milvus.IntArray.newBuilder();
                for (long v : c.values()) {
                    array.addData((int) v);
                }
                builder.setScalars(scalars.setIntData(array));
            }
            case FloatColumn c -> {
                var array = io.quiver.proto.milvus.FloatArray.newBuilder();
                for (float v : c.values()) {
                    array.addData(v);
                }
                builder.setScalars(scalars.setFloatData(array));
            }
            case DoubleColumn c -> {
                var array = io.quiver.proto.milvus.DoubleArray.newBuilder();
                for (double v : c.values()) {
                    array.addData(v);
                }
                builder.setScalars(scalars.setDoubleData(array));
            }
            case StringColumn c ->
                builder.setScalars(scalars.setStringData(
                        StringArray.newBuilder().addAllData(java.util.Arrays.asList(c.values()))));
            case FloatVectorColumn c -> {
                var array = io.quiver.proto.milvus.FloatArray.newBuilder();
                for (float v : c.values()) {
                    array.addData(v);
                }
                builder.setVectors(
                        VectorField.newBuilder().setDim(c.dimension()).setFloatVector(array));
            }
        }
        return builder.build();
    }

    /** Primary keys as a Milvus IDs message. */
    public static IDs toIds(Column primaryKeys) {
        return switch (primaryKeys) {
            case LongColumn c -> IDs.newBuilder().setIntId(toProto(c.values())).build();
            case StringColumn c ->
                IDs.newBuilder()
                        .setStrId(StringArray.newBuilder().addAllData(java.util.Arrays.asList(c.values())))
                        .build();
            default -> throw new IllegalArgumentException("primary keys cannot be " + primaryKeys.type());
        };
    }

    /** Primary keys from a Milvus IDs message, checked against the primary key's type. */
    public static Column fromIds(IDs ids, FieldSchema primaryKey) {
        if (primaryKey.dataType() == DataType.INT64) {
            QuiverException.check(
                    !ids.hasStrId(), "primary key '%s' is Int64 but string ids were given", primaryKey.name());
            return new LongColumn(DataType.INT64, toLongs(ids.getIntId()));
        }
        QuiverException.check(
                !ids.hasIntId(), "primary key '%s' is VarChar but integer ids were given", primaryKey.name());
        return new StringColumn(ids.getStrId().getDataList().toArray(String[]::new));
    }

    private static void checkType(FieldData data, FieldSchema field) {
        if (data.getTypeValue() != field.dataType().milvusNumber() && data.getTypeValue() != 0) {
            throw QuiverException.invalid(
                    "field '%s' is %s but the request sent data of type %s",
                    field.name(), field.dataType(), data.getType());
        }
        boolean vectorData = data.hasVectors();
        if (field.dataType().isVector() != vectorData) {
            throw QuiverException.invalid(
                    "field '%s' is %s but the request sent %s data",
                    field.name(), field.dataType(), vectorData ? "vector" : "scalar");
        }
    }

    private static void checkFinite(double value, FieldSchema field, int row) {
        if (!Double.isFinite(value)) {
            throw QuiverException.invalid("value %s in row %d of field '%s' is not finite", value, row, field.name());
        }
    }

    private static long[] toLongs(LongArray array) {
        long[] values = new long[array.getDataCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.getData(i);
        }
        return values;
    }

    private static LongArray toProto(long[] values) {
        LongArray.Builder builder = LongArray.newBuilder();
        for (long v : values) {
            builder.addData(v);
        }
        return builder.build();
    }
}
