package io.quiver.writenode.internal;

import io.quiver.common.data.ColumnBatch;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rows of the last few sealed segments, so the index builder need not read back what was just
 * written. Bounded; thread-safe. The builder forgets a segment once it has indexed it: held longer, the
 * rows are a second copy of what query nodes hold (in standalone, in the same heap).
 */
final class RecentSegments {
    private final int capacity;
    private final Map<Long, ColumnBatch> rows;

    RecentSegments(int capacity) {
        this.capacity = capacity;
        this.rows = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, ColumnBatch> eldest) {
                return size() > RecentSegments.this.capacity;
            }
        };
    }

    synchronized void put(long segmentId, ColumnBatch batch) {
        rows.put(segmentId, batch);
    }

    synchronized ColumnBatch get(long segmentId) {
        return rows.get(segmentId);
    }

    synchronized void forget(long segmentId) {
        rows.remove(segmentId);
    }
}
