package io.quiver.querynode.internal;

import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.data.LongColumn;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.DataType;
import io.quiver.common.schema.FieldSchema;
import io.quiver.wal.LogPosition;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small collection (Int64 key "id", Int64 "tag", 4-d "vec") and builders of its rows. */
final class Fixtures {
    static final int DIMENSION = 4;
    static final CollectionSchema SCHEMA = new CollectionSchema(
            "docs",
            "",
            List.of(
                    new FieldSchema(100, "id", DataType.INT64, true, false, 0, 0, ""),
                    new FieldSchema(101, "tag", DataType.INT64, false, false, 0, 0, ""),
                    new FieldSchema(102, "vec", DataType.FLOAT_VECTOR, false, false, DIMENSION, 0, "")));

    private Fixtures() {}

    /** The position of sequence number {@code sequence}: 8 big-endian bytes, as the local log writes them. */
    static LogPosition position(long sequence) {
        return new LogPosition(ByteBuffer.allocate(Long.BYTES).putLong(sequence).array());
    }

    /** Rows with the given keys, tags and vectors (row-major), all inserted at {@code timestamp}. */
    static ColumnBatch rows(long timestamp, long[] ids, long[] tags, float[] vectors) {
        long[] timestamps = new long[ids.length];
        Arrays.fill(timestamps, timestamp);
        return rows(timestamps, ids, tags, vectors);
    }

    static ColumnBatch rows(long[] timestamps, long[] ids, long[] tags, float[] vectors) {
        Map<String, io.quiver.common.data.Column> columns = new LinkedHashMap<>();
        columns.put("id", LongColumn.int64(ids));
        columns.put("tag", LongColumn.int64(tags));
        columns.put("vec", new FloatVectorColumn(DIMENSION, vectors));
        columns.put(ColumnBatch.TIMESTAMP, LongColumn.int64(timestamps));
        return new ColumnBatch(ids.length, columns);
    }

    /** A growing chunk: one insert entry's rows at log sequence {@code sequence}. */
    static Segment chunk(long partitionId, long sequence, long timestamp, long[] ids, long[] tags, float[] vectors) {
        return new Segment(0, partitionId, rows(timestamp, ids, tags, vectors), "id", position(sequence), false);
    }

    /** Applies a chunk to the primary-key index as the replay thread does. */
    static void applyInsert(PrimaryKeyIndex primaryKeys, Segment chunk) {
        for (int row = 0; row < chunk.size(); row++) {
            primaryKeys.put(((LongColumn) chunk.primaryKeys).get(row), chunk, row, chunk.insertTs[row]);
        }
    }

    static long id(Segment segment, int row) {
        return ((LongColumn) segment.primaryKeys).get(row);
    }

    static long tag(Segment segment, int row) {
        return ((LongColumn) segment.rows.column("tag")).get(row);
    }

    static float[] vector(Segment segment, int row) {
        return ((FloatVectorColumn) segment.rows.column("vec")).vector(row);
    }
}
