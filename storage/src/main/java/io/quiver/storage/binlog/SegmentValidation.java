package io.quiver.storage.binlog;

import io.quiver.common.QuiverException;
import io.quiver.common.data.Column;
import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.data.LongColumn;
import io.quiver.common.data.StringColumn;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.DataType;
import io.quiver.common.schema.FieldSchema;

/** Checks that a segment's rows and deletes fit its collection's schema before anything is written. */
final class SegmentValidation {
    private SegmentValidation() {}

    static void check(SegmentKey key, CollectionSchema schema, ColumnBatch rows, DeltaBatch deletes) {
        for (FieldSchema field : schema.fields()) {
            QuiverException.check(
                    rows.has(field.name()),
                    "rows of segment %s lack field '%s' of collection '%s'",
                    key,
                    field.name(),
                    schema.name());
            checkColumn(key, schema, field, rows.column(field.name()));
        }
        QuiverException.check(
                rows.has(ColumnBatch.TIMESTAMP)
                        && rows.column(ColumnBatch.TIMESTAMP).type() == DataType.INT64,
                "rows of segment %s lack an INT64 '%s' column of insert timestamps",
                key,
                ColumnBatch.TIMESTAMP);
        for (String name : rows.columns().keySet()) {
            QuiverException.check(
                    name.equals(ColumnBatch.TIMESTAMP) || schema.findField(name).isPresent(),
                    "rows of segment %s have column '%s', which is not a field of collection '%s'",
                    key,
                    name,
                    schema.name());
        }
        QuiverException.check(
                deletes.primaryKeyType() == schema.primaryKey().dataType(),
                "deletes of segment %s have %s primary keys; primary key '%s' of collection '%s' is %s",
                key,
                deletes.primaryKeyType(),
                schema.primaryKey().name(),
                schema.name(),
                schema.primaryKey().dataType());
    }

    private static void checkColumn(SegmentKey key, CollectionSchema schema, FieldSchema field, Column column) {
        QuiverException.check(
                column.type() == field.dataType(),
                "column '%s' of segment %s has type %s; field '%s' of collection '%s' is %s",
                field.name(),
                key,
                column.type(),
                field.name(),
                schema.name(),
                field.dataType());
        switch (column) {
            case FloatVectorColumn vectors ->
                QuiverException.check(
                        vectors.dimension() == field.dimension(),
                        "column '%s' of segment %s has %d-d vectors; field '%s' of collection '%s' has dimension %d",
                        field.name(),
                        key,
                        vectors.dimension(),
                        field.name(),
                        schema.name(),
                        field.dimension());
            case LongColumn longs -> checkRange(key, field, longs);
            case StringColumn strings -> {
                for (int row = 0; row < strings.size(); row++) {
                    QuiverException.check(
                            strings.get(row) != null,
                            "column '%s' of segment %s has a null value at row %d",
                            field.name(),
                            key,
                            row);
                }
            }
            default -> {}
        }
    }

    private static void checkRange(SegmentKey key, FieldSchema field, LongColumn column) {
        DataType type = field.dataType();
        for (int row = 0; row < column.size(); row++) {
            long value = column.get(row);
            if (value < type.minValue() || value > type.maxValue()) {
                throw QuiverException.invalid(
                        "column '%s' of segment %s has %d at row %d, outside %s range [%d, %d]",
                        field.name(), key, value, row, type, type.minValue(), type.maxValue());
            }
        }
    }
}
