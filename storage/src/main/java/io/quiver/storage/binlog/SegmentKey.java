package io.quiver.storage.binlog;

import io.quiver.common.QuiverException;

/** Identifies a segment: the collection and partition it belongs to and its own id. */
public record SegmentKey(long collectionId, long partitionId, long segmentId) {
    public SegmentKey {
        QuiverException.check(collectionId >= 0, "segment key: collection id %d is negative", collectionId);
        QuiverException.check(partitionId >= 0, "segment key: partition id %d is negative", partitionId);
        QuiverException.check(segmentId >= 0, "segment key: segment id %d is negative", segmentId);
    }

    @Override
    public String toString() {
        return collectionId + "/" + partitionId + "/" + segmentId;
    }
}
