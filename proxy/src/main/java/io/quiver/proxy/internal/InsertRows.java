package io.quiver.proxy.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.data.Column;
import io.quiver.common.data.LongColumn;
import io.quiver.common.data.MilvusFieldData;
import io.quiver.common.data.PrimaryKeys;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.DataType;
import io.quiver.common.schema.FieldSchema;
import io.quiver.common.schema.MilvusSchemas;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.IdAllocator;
import io.quiver.proto.milvus.FieldData;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validated rows of an insert or upsert: every schema field present once with {@code numRows}
 * values of the right type, every value within its field's limits, primary keys unique within the
 * batch (auto ids filled in). Nothing is written unless all of this holds.
 */
/**
 * @param columns every schema field's values, in schema order
 * @param requestFields the request's own (validated) encoding of each field it sent, reusable as is
 */
public record InsertRows(
        int numRows, Map<String, Column> columns, Column primaryKeys, Map<String, FieldData> requestFields) {
    public static final int MAX_ROWS = 1_000_000;

    public static InsertRows validate(
            CollectionInfo collection, List<FieldData> fieldsData, long numRows, boolean upsert, IdAllocator ids) {
        CollectionSchema schema = collection.schema();
        QuiverException.check(numRows > 0, "the request has %d rows; it needs at least one", numRows);
        QuiverException.check(
                numRows <= MAX_ROWS,
                "the request has %d rows; at most %d are allowed in one request",
                numRows,
                MAX_ROWS);
        int rows = (int) numRows;
        FieldSchema pk = schema.primaryKey();
        Map<String, Column> columns = new LinkedHashMap<>();
        Map<String, FieldData> requestFields = new LinkedHashMap<>();
        for (FieldData data : fieldsData) {
            String name = data.getFieldName();
            if (name.equals(MilvusSchemas.DYNAMIC_FIELD) || data.getIsDynamic()) {
                checkDynamicFieldEmpty(collection, data);
                continue;
            }
            FieldSchema field = schema.findField(name)
                    .orElseThrow(() -> QuiverException.invalid(
                            "field '%s' does not exist in collection '%s'", name, schema.name()));
            QuiverException.check(!columns.containsKey(name), "field '%s' is given twice", name);
            if (field.autoId() && !upsert) {
                throw QuiverException.invalid("primary key '%s' is auto_id; do not pass its values on insert", name);
            }
            Column column = MilvusFieldData.toColumn(data, field);
            QuiverException.check(
                    column.size() == rows,
                    "field '%s' has %d values but the request has %d rows",
                    name,
                    column.size(),
                    rows);
            columns.put(name, column);
            requestFields.put(name, data);
        }
        for (FieldSchema field : schema.fields()) {
            if (!columns.containsKey(field.name()) && !(field.autoId() && !upsert)) {
                throw new QuiverException(
                        ErrorCode.MISSING_ARGUMENT,
                        "field '" + field.name() + "' of collection '" + schema.name() + "' is missing");
            }
        }
        if (pk.autoId() && !upsert) {
            long first = ids.allocate(rows);
            long[] keys = new long[rows];
            for (int i = 0; i < rows; i++) {
                keys[i] = first + i;
            }
            columns.put(pk.name(), new LongColumn(DataType.INT64, keys));
        }
        Column primaryKeys = columns.get(pk.name());
        checkUnique(primaryKeys, pk);
        Map<String, Column> ordered = new LinkedHashMap<>();
        schema.fields().forEach(f -> ordered.put(f.name(), columns.get(f.name())));
        return new InsertRows(rows, ordered, primaryKeys, requestFields);
    }

    private static void checkUnique(Column keys, FieldSchema pk) {
        Set<Object> seen = new HashSet<>(keys.size() * 2);
        for (int i = 0; i < keys.size(); i++) {
            Object key = PrimaryKeys.get(keys, i);
            if (!seen.add(key)) {
                throw new QuiverException(
                        ErrorCode.DUPLICATE_PRIMARY_KEY,
                        "primary key '" + pk.name() + "' value "
                                + (key instanceof String s ? "\"" + s + "\"" : key)
                                + " appears twice in the request (row "
                                + i + "); keys in one request must be unique");
            }
        }
    }

    private static void checkDynamicFieldEmpty(CollectionInfo collection, FieldData data) {
        List<ByteString> rows = data.getScalars().getJsonData().getDataList();
        for (int row = 0; row < rows.size(); row++) {
            String text = rows.get(row).toStringUtf8().trim();
            if (text.isEmpty()) {
                continue;
            }
            JsonElement object;
            try {
                object = JsonParser.parseString(text);
            } catch (JsonParseException e) {
                throw QuiverException.invalid(
                        "row %d of dynamic field '%s' is not valid JSON: '%s'", row, MilvusSchemas.DYNAMIC_FIELD, text);
            }
            if (object.isJsonObject() && !object.getAsJsonObject().isEmpty()) {
                String extra = object.getAsJsonObject().keySet().iterator().next();
                throw QuiverException.invalid(
                        "field '%s' does not exist in collection '%s' (dynamic fields are not supported yet)",
                        extra, collection.name());
            }
        }
    }
}
