package io.quiver.common.wal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.data.Column;
import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.LongColumn;
import io.quiver.common.data.MilvusFieldData;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.FieldSchema;
import io.quiver.proto.milvus.FieldData;
import io.quiver.proto.wal.DeleteBody;
import io.quiver.proto.wal.InsertBody;
import io.quiver.proto.wal.WalEntry;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Encodes and decodes {@link WalEntry} payloads (format version {@link #FORMAT_VERSION}). A writer
 * encodes the body before it takes a timestamp and prepends the small header afterwards: protobuf
 * messages concatenate, so {@code header(ts) + body} is one valid entry.
 */
public final class WalEntries {
    public static final int FORMAT_VERSION = 1;

    private WalEntries() {}

    public static byte[] insertBody(InsertBody body) {
        return WalEntry.newBuilder().setInsert(body).build().toByteArray();
    }

    public static byte[] deleteBody(DeleteBody body) {
        return WalEntry.newBuilder().setDelete(body).build().toByteArray();
    }

    /** The complete entry: the header carrying the timestamp, then the pre-encoded body. */
    public static byte[] withTimestamp(byte[] body, long timestamp) {
        byte[] header = WalEntry.newBuilder()
                .setFormatVersion(FORMAT_VERSION)
                .setTimestamp(timestamp)
                .build()
                .toByteArray();
        byte[] entry = Arrays.copyOf(header, header.length + body.length);
        System.arraycopy(body, 0, entry, header.length, body.length);
        return entry;
    }

    public static WalEntry decode(byte[] payload) {
        WalEntry entry;
        try {
            entry = WalEntry.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new QuiverException(ErrorCode.CORRUPT_DATA, "unreadable log entry: " + e.getMessage(), e);
        }
        if (entry.getFormatVersion() != FORMAT_VERSION) {
            throw new QuiverException(
                    ErrorCode.CORRUPT_DATA,
                    "log entry has format version " + entry.getFormatVersion() + "; this build reads version "
                            + FORMAT_VERSION);
        }
        return entry;
    }

    /** An insert's rows as columns keyed by field name, plus {@link ColumnBatch#TIMESTAMP}. */
    public static ColumnBatch rows(InsertBody body, CollectionSchema schema, long timestamp) {
        Map<String, FieldData> byName = new HashMap<>();
        for (FieldData data : body.getFieldsList()) {
            byName.put(data.getFieldName(), data);
        }
        int rows = Math.toIntExact(body.getNumRows());
        Map<String, Column> columns = new LinkedHashMap<>();
        for (FieldSchema field : schema.fields()) {
            FieldData data = byName.get(field.name());
            if (data == null) {
                throw new QuiverException(
                        ErrorCode.CORRUPT_DATA, "log entry lacks field '" + field.name() + "' of " + schema.name());
            }
            columns.put(field.name(), MilvusFieldData.toColumn(data, field));
        }
        long[] ts = new long[rows];
        Arrays.fill(ts, timestamp);
        columns.put(ColumnBatch.TIMESTAMP, LongColumn.int64(ts));
        return new ColumnBatch(rows, columns);
    }

    public static Column deletedKeys(DeleteBody body, CollectionSchema schema) {
        return MilvusFieldData.fromIds(body.getPrimaryKeys(), schema.primaryKey());
    }
}
