package io.quiver.writenode.internal;

import io.quiver.common.data.Column;
import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.ColumnBuilder;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.data.StringColumn;
import io.quiver.wal.LogPosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows and tombstones of one (collection, shard) read from the log after its checkpoint {@link #start},
 * kept per partition in log order until they are sealed.
 *
 * <p>Log order is not timestamp order when several proxies write (see the query node's
 * {@code PrimaryKeyIndex}), and a range may end between two ticks, so a later range can hold an older
 * version of a key. Nothing here orders or resolves versions: every row keeps its own {@code $ts} and
 * every tombstone its own timestamp, which is all a loader needs to rebuild each row's end by
 * timestamp. The one tie, equal timestamps for one key, comes only from one request (one entry), whose
 * rows stay in request order within one partition's segment: the later row wins.
 */
final class ShardBuffer {
    final long collectionId;
    final int shard;
    private LogPosition start;
    private final Map<Long, List<ColumnBatch>> rowsByPartition = new LinkedHashMap<>();
    private final List<Column> deletedKeys = new ArrayList<>();
    private final List<Long> deleteTimestamps = new ArrayList<>();
    private long bytes;
    private long firstRowNanos;

    ShardBuffer(long collectionId, int shard, LogPosition start) {
        this.collectionId = collectionId;
        this.shard = shard;
        this.start = start;
    }

    LogPosition start() {
        return start;
    }

    /** True if the entry at {@code position} was already sealed in a committed range. */
    boolean covers(LogPosition position) {
        return position.compareTo(start) <= 0;
    }

    void addRows(long partitionId, ColumnBatch rows) {
        if (isEmpty()) {
            firstRowNanos = System.nanoTime();
        }
        rowsByPartition.computeIfAbsent(partitionId, k -> new ArrayList<>()).add(rows);
        bytes += estimateBytes(rows);
    }

    void addDeletes(Column keys, long timestamp) {
        if (isEmpty()) {
            firstRowNanos = System.nanoTime();
        }
        deletedKeys.add(keys);
        for (int i = 0; i < keys.size(); i++) {
            deleteTimestamps.add(timestamp);
        }
        bytes += keys.size() * 16L;
    }

    boolean isEmpty() {
        return rowsByPartition.isEmpty() && deletedKeys.isEmpty();
    }

    long bytes() {
        return bytes;
    }

    long ageNanos() {
        return isEmpty() ? 0 : System.nanoTime() - firstRowNanos;
    }

    Map<Long, ColumnBatch> rowsByPartition() {
        Map<Long, ColumnBatch> merged = new LinkedHashMap<>();
        rowsByPartition.forEach((partition, chunks) -> merged.put(partition, ColumnBatch.concat(chunks)));
        return merged;
    }

    /** The buffered tombstones' keys (concatenated) and timestamps, or null if there are none. */
    Column deletedKeys() {
        if (deletedKeys.isEmpty()) {
            return null;
        }
        ColumnBuilder builder = ColumnBuilder.like(deletedKeys.getFirst(), deleteTimestamps.size());
        deletedKeys.forEach(builder::appendAll);
        return builder.build();
    }

    long[] deleteTimestamps() {
        return deleteTimestamps.stream().mapToLong(Long::longValue).toArray();
    }

    /** Empties the buffer after its range up to {@code end} was committed. */
    void reset(LogPosition end) {
        start = end;
        rowsByPartition.clear();
        deletedKeys.clear();
        deleteTimestamps.clear();
        bytes = 0;
    }

    private static long estimateBytes(ColumnBatch rows) {
        long total = 0;
        for (Column column : rows.columns().values()) {
            total += switch (column) {
                case FloatVectorColumn v -> v.values().length * 4L;
                case StringColumn s -> s.size() * 32L;
                default -> column.size() * 8L;
            };
        }
        return total;
    }
}
