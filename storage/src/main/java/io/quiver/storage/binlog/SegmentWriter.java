package io.quiver.storage.binlog;

import static java.util.Objects.requireNonNull;

import io.quiver.common.data.Column;
import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.LongColumn;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.DataType;
import io.quiver.common.schema.FieldSchema;
import io.quiver.storage.ObjectStore;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the files of a sealed segment to an {@link ObjectStore}, at the keys of {@link SegmentPaths}.
 * Writing the same segment again writes identical objects (flushing is idempotent).
 *
 * <h2>Binlog format, version 1</h2>
 *
 * <p>A binlog ({@code binlog/.../{fieldId}.arrow}, {@code $pk.arrow}, {@code $ts.arrow}) is an Arrow IPC
 * <em>file</em> (not stream) holding exactly one record batch of one non-nullable column, named after the
 * field ({@code $ts} for timestamps), with no null values. Types: Bool is Arrow Bool; Int8, Int16, Int32
 * and Int64 the signed Arrow Int of that width; Float and Double FloatingPoint SINGLE and DOUBLE; VarChar
 * Utf8; a float vector of dimension d FixedSizeList&lt;float32&gt;(d) with child {@code item}. The schema
 * carries this metadata:
 *
 * <pre>
 * quiver.binlog.version    "1"
 * quiver.field.id          the field id ("1", Milvus' timestamp field id, for $ts)
 * quiver.field.name        the field name ("$ts" for $ts)
 * quiver.field.type        the Quiver DataType name: BOOL, INT8, ..., VARCHAR, FLOAT_VECTOR
 * quiver.field.dimension   vector fields only: the dimension
 * </pre>
 *
 * <p>The delta log ({@code delta/....arrow}, written only when the segment has deletes, removed
 * otherwise) is an Arrow IPC file of one record batch with two non-nullable columns: {@code $pk}
 * (Int64 or Utf8) and {@code $ts} (Int64), with metadata {@code quiver.binlog.version} "1" and
 * {@code quiver.field.type} the primary key's DataType name. Entry i deletes key {@code $pk[i]} at
 * {@code $ts[i]}.
 *
 * <p>A reader rejects a missing or unknown {@code quiver.binlog.version}, a type other than the schema's,
 * nulls, and other than one record batch, as {@code CORRUPT_DATA} naming the object. The stats object
 * ({@code stats/....stats}) has its own binary format, documented in {@link SegmentStatsFormat}.
 *
 * <p>Files are at most about 2 GiB each. The writer owns one Arrow allocator, released by {@link #close};
 * it is safe for concurrent use.
 */
public final class SegmentWriter implements AutoCloseable {
    static final String FIELD_ID_KEY = "quiver.field.id";
    static final String FIELD_NAME_KEY = "quiver.field.name";
    static final String FIELD_TYPE_KEY = "quiver.field.type";
    static final String FIELD_DIMENSION_KEY = "quiver.field.dimension";
    /** The field id recorded for {@code $ts}: Milvus' id of its timestamp system field. */
    static final long TIMESTAMP_FIELD_ID = 1;

    static final String DELTA_PRIMARY_KEY = "$pk";

    private static final Logger log = LoggerFactory.getLogger(SegmentWriter.class);

    private final ObjectStore store;
    private final BufferAllocator allocator = new RootAllocator();

    public SegmentWriter(ObjectStore store) {
        this.store = requireNonNull(store, "store");
    }

    /**
     * Writes all files of one segment; {@code rows} must hold every schema field (keyed by name) and
     * {@link ColumnBatch#TIMESTAMP}, and nothing else. Returns the object keys written.
     */
    public SegmentFiles write(SegmentKey key, CollectionSchema schema, ColumnBatch rows, DeltaBatch deletes) {
        requireNonNull(key, "key");
        requireNonNull(schema, "schema");
        requireNonNull(rows, "rows");
        requireNonNull(deletes, "deletes");
        SegmentValidation.check(key, schema, rows, deletes);
        List<String> written = new ArrayList<>();
        long bytes = 0;
        FieldSchema primaryKey = schema.primaryKey();
        for (FieldSchema field : schema.fields()) {
            if (!field.primaryKey()) {
                String objectKey = SegmentPaths.fieldBinlog(key, field.id());
                bytes += writeBinlog(objectKey, field, rows.column(field.name()));
                written.add(objectKey);
            }
        }
        bytes += writeBinlog(SegmentPaths.primaryKeyBinlog(key), primaryKey, rows.column(primaryKey.name()));
        written.add(SegmentPaths.primaryKeyBinlog(key));
        bytes += writeTimestamps(SegmentPaths.timestampBinlog(key), rows.column(ColumnBatch.TIMESTAMP));
        written.add(SegmentPaths.timestampBinlog(key));
        if (deletes.size() > 0) {
            bytes += writeDeletes(SegmentPaths.delta(key), deletes);
            written.add(SegmentPaths.delta(key));
        } else {
            store.delete(SegmentPaths.delta(key));
        }
        byte[] stats = SegmentStatsFormat.encode(SegmentStats.of(rows.column(primaryKey.name())));
        store.put(SegmentPaths.stats(key), new ByteArrayInputStream(stats), stats.length);
        written.add(SegmentPaths.stats(key));
        bytes += stats.length;
        log.debug(
                "wrote segment {} of collection '{}': {} rows, {} deletes, {} objects, {} bytes",
                key,
                schema.name(),
                rows.rowCount(),
                deletes.size(),
                written.size(),
                bytes);
        return new SegmentFiles(written, rows.rowCount(), bytes);
    }

    private long writeBinlog(String objectKey, FieldSchema field, Column column) {
        Map<String, String> metadata = fieldMetadata(field.id(), field.name(), field.dataType());
        if (field.dataType().isVector()) {
            metadata.put(FIELD_DIMENSION_KEY, Integer.toString(field.dimension()));
        }
        return ArrowFiles.write(
                store,
                allocator,
                objectKey,
                List.of(ArrowColumns.field(field.name(), field.dataType(), field.dimension())),
                List.of(column),
                metadata);
    }

    private long writeTimestamps(String objectKey, Column timestamps) {
        return ArrowFiles.write(
                store,
                allocator,
                objectKey,
                List.of(ArrowColumns.field(ColumnBatch.TIMESTAMP, DataType.INT64, 0)),
                List.of(timestamps),
                fieldMetadata(TIMESTAMP_FIELD_ID, ColumnBatch.TIMESTAMP, DataType.INT64));
    }

    private long writeDeletes(String objectKey, DeltaBatch deletes) {
        return ArrowFiles.write(
                store,
                allocator,
                objectKey,
                List.of(
                        ArrowColumns.field(DELTA_PRIMARY_KEY, deletes.primaryKeyType(), 0),
                        ArrowColumns.field(ColumnBatch.TIMESTAMP, DataType.INT64, 0)),
                List.of(deletes.primaryKeys(), LongColumn.int64(deletes.timestamps())),
                Map.of(FIELD_TYPE_KEY, deletes.primaryKeyType().name()));
    }

    private static Map<String, String> fieldMetadata(long fieldId, String fieldName, DataType type) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(FIELD_ID_KEY, Long.toString(fieldId));
        metadata.put(FIELD_NAME_KEY, fieldName);
        metadata.put(FIELD_TYPE_KEY, type.name());
        return metadata;
    }

    @Override
    public void close() {
        allocator.close();
    }
}
