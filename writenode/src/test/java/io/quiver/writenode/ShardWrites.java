package io.quiver.writenode;

import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.data.LongColumn;
import io.quiver.common.data.MilvusFieldData;
import io.quiver.common.data.StringColumn;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.DataType;
import io.quiver.common.schema.FieldSchema;
import io.quiver.common.wal.WalEntries;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.proto.wal.DeleteBody;
import io.quiver.proto.wal.InsertBody;
import io.quiver.proto.wal.TimeTick;
import io.quiver.proto.wal.WalEntry;
import io.quiver.wal.LogPosition;
import io.quiver.wal.WriteAheadLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends log entries for one collection the way the proxy does: one insert or delete entry per shard,
 * body encoded first, then prefixed with its timestamp; and time ticks on every channel.
 */
public final class ShardWrites {
    public static final int DIMENSION = 4;

    private final WriteAheadLog log;
    private final CollectionInfo collection;

    ShardWrites(WriteAheadLog log, CollectionInfo collection) {
        this.log = log;
        this.collection = collection;
    }

    public static CollectionSchema schema(String name) {
        return new CollectionSchema(
                name,
                "",
                List.of(
                        new FieldSchema(100, "id", DataType.INT64, true, false, 0, 0, ""),
                        new FieldSchema(101, "vec", DataType.FLOAT_VECTOR, false, false, DIMENSION, 0, ""),
                        new FieldSchema(102, "title", DataType.VARCHAR, false, false, 0, 32, "")));
    }

    /** The vector stored for a primary key. */
    public static float[] vector(long id) {
        return new float[] {id, id + 0.5f, -id, 1};
    }

    public static String title(long id) {
        return "title-" + id;
    }

    /** The rows of the keys as a batch, with every row at {@code timestamp}. */
    public static ColumnBatch rows(long timestamp, long... ids) {
        float[] vectors = new float[ids.length * DIMENSION];
        String[] titles = new String[ids.length];
        long[] timestamps = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            System.arraycopy(vector(ids[i]), 0, vectors, i * DIMENSION, DIMENSION);
            titles[i] = title(ids[i]);
            timestamps[i] = timestamp;
        }
        Map<String, io.quiver.common.data.Column> columns = new LinkedHashMap<>();
        columns.put("id", LongColumn.int64(ids.clone()));
        columns.put("vec", new FloatVectorColumn(DIMENSION, vectors));
        columns.put("title", new StringColumn(titles));
        columns.put(ColumnBatch.TIMESTAMP, LongColumn.int64(timestamps));
        return new ColumnBatch(ids.length, columns);
    }

    LogPosition insert(int shard, long partitionId, long timestamp, long... ids) {
        ColumnBatch rows = rows(timestamp, ids);
        InsertBody.Builder body = InsertBody.newBuilder()
                .setCollectionId(collection.id())
                .setPartitionId(partitionId)
                .setShard(shard)
                .setNumRows(ids.length);
        for (FieldSchema field : collection.schema().fields()) {
            body.addFields(MilvusFieldData.toFieldData(rows.column(field.name()), field));
        }
        return append(
                collection.channels().get(shard),
                WalEntries.withTimestamp(WalEntries.insertBody(body.build()), timestamp));
    }

    LogPosition delete(int shard, long timestamp, long... ids) {
        DeleteBody body = DeleteBody.newBuilder()
                .setCollectionId(collection.id())
                .setShard(shard)
                .setPrimaryKeys(MilvusFieldData.toIds(LongColumn.int64(ids.clone())))
                .build();
        return append(
                collection.channels().get(shard), WalEntries.withTimestamp(WalEntries.deleteBody(body), timestamp));
    }

    /** Appends a time tick to every channel of the collection; returns the tick's position per shard. */
    List<LogPosition> tick(long timestamp) {
        byte[] entry = WalEntry.newBuilder()
                .setFormatVersion(WalEntries.FORMAT_VERSION)
                .setTimestamp(timestamp)
                .setTimeTick(TimeTick.getDefaultInstance())
                .build()
                .toByteArray();
        Map<String, LogPosition> byChannel = new LinkedHashMap<>();
        for (String channel : collection.channels()) {
            byChannel.computeIfAbsent(channel, c -> append(c, entry));
        }
        List<LogPosition> perShard = new ArrayList<>();
        collection.channels().forEach(channel -> perShard.add(byChannel.get(channel)));
        return perShard;
    }

    private LogPosition append(String channel, byte[] entry) {
        return log.append(channel, entry).join();
    }
}
