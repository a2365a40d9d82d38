package io.quiver.common.expr;

import io.quiver.common.schema.DataType;

/** Field type names as Milvus prints them, and the checks the filter records share. */
final class FilterTypes {
    private FilterTypes() {}

    /** The Milvus name of a type: {@code Int32}, {@code VarChar}, {@code FloatVector}. */
    static String displayName(DataType type) {
        return switch (type) {
            case BOOL -> "Bool";
            case INT8 -> "Int8";
            case INT16 -> "Int16";
            case INT32 -> "Int32";
            case INT64 -> "Int64";
            case FLOAT -> "Float";
            case DOUBLE -> "Double";
            case VARCHAR -> "VarChar";
            case FLOAT_VECTOR -> "FloatVector";
        };
    }

    static void checkComparable(String field, DataType type, Literal value) {
        if (!value.fits(type)) {
            throw new IllegalArgumentException(
                    "cannot compare field '" + field + "' (" + displayName(type) + ") with " + value.describe());
        }
    }
}
