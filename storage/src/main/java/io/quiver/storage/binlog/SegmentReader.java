package io.quiver.storage.binlog;

import static java.util.Objects.requireNonNull;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.data.Column;
import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.LongColumn;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.DataType;
import io.quiver.common.schema.FieldSchema;
import io.quiver.storage.ObjectStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Reads the files {@link SegmentWriter} wrote (see there for the format), checking their version,
 * types and row counts. The reader owns one Arrow allocator, released by {@link #close}; it is safe for
 * concurrent use. Every value is copied to the heap: nothing returned refers to Arrow memory.
 */
public final class SegmentReader implements AutoCloseable {
    private final ObjectStore store;
    private final BufferAllocator allocator = new RootAllocator();

    public SegmentReader(ObjectStore store) {
        this.store = requireNonNull(store, "store");
    }

    /** Every field of the schema, keyed by field name, and {@link ColumnBatch#TIMESTAMP}. */
    public ColumnBatch readRows(SegmentKey key, CollectionSchema schema) {
        requireNonNull(key, "key");
        requireNonNull(schema, "schema");
        Map<String, Column> columns = new LinkedHashMap<>();
        Integer rowCount = null;
        for (FieldSchema field : schema.fields()) {
            String objectKey =
                    field.primaryKey() ? SegmentPaths.primaryKeyBinlog(key) : SegmentPaths.fieldBinlog(key, field.id());
            Column column = readBinlog(objectKey, field.id(), field.dataType(), field.dimension());
            rowCount = checkRowCount(objectKey, rowCount, column);
            columns.put(field.name(), column);
        }
        String timestampKey = SegmentPaths.timestampBinlog(key);
        Column timestamps = readBinlog(timestampKey, SegmentWriter.TIMESTAMP_FIELD_ID, DataType.INT64, 0);
        rowCount = checkRowCount(timestampKey, rowCount, timestamps);
        columns.put(ColumnBatch.TIMESTAMP, timestamps);
        return new ColumnBatch(rowCount, columns);
    }

    /** The segment's tombstones; an empty batch if it had none. */
    public DeltaBatch readDeletes(SegmentKey key, DataType primaryKeyType) {
        requireNonNull(key, "key");
        requireNonNull(primaryKeyType, "primaryKeyType");
        DeltaBatch none = DeltaBatch.empty(primaryKeyType);
        String objectKey = SegmentPaths.delta(key);
        if (store.stat(objectKey).isEmpty()) {
            return none;
        }
        return ArrowFiles.read(store, allocator, objectKey, root -> {
            List<FieldVector> vectors = root.getFieldVectors();
            if (vectors.size() != 2) {
                throw ArrowFiles.corrupt(objectKey, "it has " + vectors.size() + " columns; a delta log has 2");
            }
            Column keys = readColumn(objectKey, vectors.get(0), primaryKeyType, 0, root.getRowCount());
            Column timestamps = readColumn(objectKey, vectors.get(1), DataType.INT64, 0, root.getRowCount());
            return new DeltaBatch(keys, ((LongColumn) timestamps).values());
        });
    }

    public SegmentStats readStats(SegmentKey key) {
        requireNonNull(key, "key");
        String objectKey = SegmentPaths.stats(key);
        return SegmentStatsFormat.decode(objectKey, store.getBytes(objectKey));
    }

    private Column readBinlog(String objectKey, long fieldId, DataType type, int dimension) {
        return ArrowFiles.read(store, allocator, objectKey, root -> {
            Map<String, String> metadata = root.getSchema().getCustomMetadata();
            String storedId = metadata.get(SegmentWriter.FIELD_ID_KEY);
            if (!Long.toString(fieldId).equals(storedId)) {
                throw ArrowFiles.corrupt(objectKey, "it holds field id " + storedId + ", expected " + fieldId);
            }
            List<FieldVector> vectors = root.getFieldVectors();
            if (vectors.size() != 1) {
                throw ArrowFiles.corrupt(objectKey, "it has " + vectors.size() + " columns; a binlog has 1");
            }
            return readColumn(objectKey, vectors.getFirst(), type, dimension, root.getRowCount());
        });
    }

    private static Column readColumn(String objectKey, FieldVector vector, DataType type, int dimension, int rows) {
        Field expected = ArrowColumns.field(vector.getName(), type, dimension);
        if (!sameTypes(expected, vector.getField())) {
            throw ArrowFiles.corrupt(
                    objectKey,
                    "column '" + vector.getName() + "' is Arrow " + describe(vector.getField()) + "; the schema says "
                            + type + (type.isVector() ? "(" + dimension + ")" : "") + ", Arrow " + describe(expected));
        }
        long nulls = ArrowColumns.nullCount(vector);
        if (nulls > 0) {
            throw ArrowFiles.corrupt(objectKey, "column '" + vector.getName() + "' has " + nulls + " null values");
        }
        return ArrowColumns.toColumn(vector, type, rows);
    }

    private static boolean sameTypes(Field expected, Field actual) {
        if (!expected.getType().equals(actual.getType())
                || expected.getChildren().size() != actual.getChildren().size()) {
            return false;
        }
        for (int i = 0; i < expected.getChildren().size(); i++) {
            if (!sameTypes(expected.getChildren().get(i), actual.getChildren().get(i))) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Field field) {
        return field.getChildren().isEmpty()
                ? field.getType().toString()
                : field.getType() + "<" + describe(field.getChildren().getFirst()) + ">";
    }

    private static int checkRowCount(String objectKey, Integer expected, Column column) {
        if (expected != null && expected != column.size()) {
            throw new QuiverException(
                    ErrorCode.CORRUPT_DATA,
                    "binlog '" + objectKey + "' has " + column.size() + " rows; the segment's other binlogs have "
                            + expected);
        }
        return column.size();
    }

    @Override
    public void close() {
        allocator.close();
    }
}
