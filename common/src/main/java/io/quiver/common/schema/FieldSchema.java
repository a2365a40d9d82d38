package io.quiver.common.schema;

import static java.util.Objects.requireNonNull;

import io.quiver.common.QuiverException;

/**
 * One field of a collection.
 *
 * @param id field id, unique in its collection (Milvus numbers user fields from 100)
 * @param dimension vector dimension for vector fields, 0 otherwise
 * @param maxLength maximum length in UTF-8 bytes for VARCHAR fields, 0 otherwise
 */
public record FieldSchema(
        long id,
        String name,
        DataType dataType,
        boolean primaryKey,
        boolean autoId,
        int dimension,
        int maxLength,
        String description) {
    public static final int MAX_DIMENSION = 32_768;
    public static final int MAX_VARCHAR_LENGTH = 65_535;

    public FieldSchema {
        requireNonNull(name, "name");
        requireNonNull(dataType, "dataType");
        description = description == null ? "" : description;
        QuiverException.check(Names.isValid(name), "field name '%s' is invalid: %s", name, Names.RULE);
        if (dataType.isVector()) {
            QuiverException.check(
                    dimension > 0 && dimension <= MAX_DIMENSION,
                    "vector field '%s' has dimension %d; it must be between 1 and %d",
                    name,
                    dimension,
                    MAX_DIMENSION);
        } else {
            QuiverException.check(dimension == 0, "field '%s' of type %s cannot have a dimension", name, dataType);
        }
        if (dataType == DataType.VARCHAR) {
            QuiverException.check(
                    maxLength > 0 && maxLength <= MAX_VARCHAR_LENGTH,
                    "VarChar field '%s' has max_length %d; it must be between 1 and %d",
                    name,
                    maxLength,
                    MAX_VARCHAR_LENGTH);
        }
        if (primaryKey) {
            QuiverException.check(
                    dataType == DataType.INT64 || dataType == DataType.VARCHAR,
                    "primary key field '%s' has type %s; it must be Int64 or VarChar",
                    name,
                    dataType);
        }
        QuiverException.check(
                !autoId || (primaryKey && dataType == DataType.INT64),
                "auto_id is only supported on an Int64 primary key (field '%s' is %s%s)",
                name,
                dataType,
                primaryKey ? "" : ", not a primary key");
    }
}
