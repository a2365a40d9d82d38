package io.quiver.querynode.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * A shard's map from primary key to the row holding its latest version. It makes primary keys unique:
 * a new version or a tombstone supersedes the previous version at its timestamp. Used only by the
 * shard's replay thread.
 */
final class PrimaryKeyIndex {
    record RowRef(Segment segment, int row) {}

    private final Map<Object, RowRef> latest = new HashMap<>();

    /** Records a new version of {@code key}; the previous version ends at {@code timestamp}. */
    void put(Object key, Segment segment, int row, long timestamp) {
        RowRef previous = latest.put(key, new RowRef(segment, row));
        if (previous != null) {
            previous.segment().supersede(previous.row(), timestamp);
        }
    }

    /** Records a tombstone: the current version of {@code key}, if any, ends at {@code timestamp}. */
    void delete(Object key, long timestamp) {
        RowRef previous = latest.remove(key);
        if (previous != null) {
            previous.segment().supersede(previous.row(), timestamp);
        }
    }

    /** Points keys whose latest version is in {@code from} at the same row of {@code to}. */
    void move(Segment from, int fromRow, Segment to, int toRow, Object key) {
        RowRef current = latest.get(key);
        if (current != null && current.segment() == from && current.row() == fromRow) {
            latest.put(key, new RowRef(to, toRow));
        }
    }

    int size() {
        return latest.size();
    }
}
