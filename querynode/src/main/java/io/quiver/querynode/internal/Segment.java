package io.quiver.querynode.internal;

import io.quiver.common.Timestamps;
import io.quiver.common.data.Column;
import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.data.LongColumn;
import io.quiver.common.index.IndexSpec;
import io.quiver.common.index.MetricType;
import io.quiver.common.index.VectorIndex;
import io.quiver.common.index.VectorIndexes;
import io.quiver.wal.LogPosition;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rows held by a query node: a growing chunk (one log entry's rows) or a sealed segment. Row {@code r}
 * is visible at snapshot T iff {@code insertTs[r] <= T < supersededTs[r]}.
 *
 * <p>Only the shard's replay thread writes {@link #supersede}; searches read concurrently. A row's end
 * is set or moved earlier only by an entry newer than the shard's service time (an entry that arrives
 * after tick X is above X, see {@link PrimaryKeyIndex}), and it only ever moves from one timestamp above
 * the service time to another, so a search at T (never above the service time) sees the same
 * visibility whether or not it observes the write.
 */
final class Segment {
    final long id;
    final long partitionId;
    final ColumnBatch rows;
    final Column primaryKeys;
    final long[] insertTs;
    final long[] supersededTs;
    /** Growing chunk: its entry's position. Sealed segment: the end of its log range. */
    final LogPosition end;

    final boolean sealed;
    private final long maxInsertTs;
    private final AtomicInteger supersededCount = new AtomicInteger();
    private final Map<String, VectorIndex> annIndexes = new ConcurrentHashMap<>();
    private final Map<String, VectorIndex> exactIndexes = new ConcurrentHashMap<>();

    Segment(long id, long partitionId, ColumnBatch rows, String primaryKeyField, LogPosition end, boolean sealed) {
        this.id = id;
        this.partitionId = partitionId;
        this.rows = rows;
        this.primaryKeys = rows.column(primaryKeyField);
        this.insertTs = ((LongColumn) rows.column(ColumnBatch.TIMESTAMP)).values();
        this.supersededTs = new long[rows.rowCount()];
        Arrays.fill(supersededTs, Timestamps.MAX);
        this.end = end;
        this.sealed = sealed;
        long max = 0;
        for (long ts : insertTs) {
            max = Math.max(max, ts);
        }
        this.maxInsertTs = max;
    }

    int size() {
        return rows.rowCount();
    }

    /**
     * Ends row {@code row} at {@code timestamp} if that is earlier than its current end: a version that
     * arrives late, between this row and its successor, moves the end earlier; a later end changes
     * nothing.
     */
    void supersede(int row, long timestamp) {
        long current = supersededTs[row];
        if (timestamp < current) {
            supersededTs[row] = timestamp;
            if (current == Timestamps.MAX) {
                supersededCount.incrementAndGet();
            }
        }
    }

    /** True if every row is visible at {@code snapshot}: no visibility check needed. */
    boolean allVisibleAt(long snapshot) {
        return maxInsertTs <= snapshot && supersededCount.get() == 0;
    }

    boolean visibleAt(int row, long snapshot) {
        return insertTs[row] <= snapshot && snapshot < supersededTs[row];
    }

    void attachIndex(String field, VectorIndex index) {
        VectorIndex old = annIndexes.put(field, index);
        if (old != null) {
            old.close();
        }
    }

    VectorIndex annIndex(String field) {
        return annIndexes.get(field);
    }

    boolean hasIndex(String field) {
        return annIndexes.containsKey(field);
    }

    /** An exact (FLAT) index over a vector field for a metric, built on first use. */
    VectorIndex exactIndex(String field, MetricType metric, ExecutorService executor) {
        return exactIndexes.computeIfAbsent(field + "/" + metric, key -> {
            FloatVectorColumn vectors = (FloatVectorColumn) rows.column(field);
            return VectorIndexes.build(IndexSpec.flat(metric, vectors.dimension()), vectors, executor);
        });
    }

    void close() {
        annIndexes.values().forEach(VectorIndex::close);
        exactIndexes.values().forEach(VectorIndex::close);
    }
}
