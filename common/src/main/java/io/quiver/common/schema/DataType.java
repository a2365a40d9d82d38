package io.quiver.common.schema;

import io.quiver.common.QuiverException;

/** Field types Quiver stores. Numbers are those of {@code milvus.proto.schema.DataType}. */
public enum DataType {
    BOOL(1, "Bool"),
    INT8(2, "Int8"),
    INT16(3, "Int16"),
    INT32(4, "Int32"),
    INT64(5, "Int64"),
    FLOAT(10, "Float"),
    DOUBLE(11, "Double"),
    VARCHAR(21, "VarChar"),
    FLOAT_VECTOR(101, "FloatVector");

    private final int milvusNumber;
    private final String milvusName;

    DataType(int milvusNumber, String milvusName) {
        this.milvusNumber = milvusNumber;
        this.milvusName = milvusName;
    }

    /** The Milvus name of the type, as users write it ({@code Int64}, {@code VarChar}, ...). */
    @Override
    public String toString() {
        return milvusName;
    }

    public int milvusNumber() {
        return milvusNumber;
    }

    public boolean isVector() {
        return this == FLOAT_VECTOR;
    }

    /** True for the integer types, whose values are held as {@code long}. */
    public boolean isInteger() {
        return this == INT8 || this == INT16 || this == INT32 || this == INT64;
    }

    public boolean isFloatingPoint() {
        return this == FLOAT || this == DOUBLE;
    }

    public boolean isNumeric() {
        return isInteger() || isFloatingPoint();
    }

    /** Smallest value an integer type can hold. */
    public long minValue() {
        return switch (this) {
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            default -> throw new IllegalStateException(this + " is not an integer type");
        };
    }

    /** Largest value an integer type can hold. */
    public long maxValue() {
        return switch (this) {
            case INT8 -> Byte.MAX_VALUE;
            case INT16 -> Short.MAX_VALUE;
            case INT32 -> Integer.MAX_VALUE;
            case INT64 -> Long.MAX_VALUE;
            default -> throw new IllegalStateException(this + " is not an integer type");
        };
    }

    public static DataType fromMilvusNumber(int number, String fieldName) {
        for (DataType type : values()) {
            if (type.milvusNumber == number) {
                return type;
            }
        }
        throw QuiverException.invalid(
                "field '%s' has data type %d, which Quiver does not support (supported: %s)",
                fieldName, number, java.util.Arrays.toString(values()));
    }
}
