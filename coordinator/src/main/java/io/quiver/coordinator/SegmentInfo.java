package io.quiver.coordinator;

import static java.util.Objects.requireNonNull;

import io.quiver.wal.LogPosition;
import java.util.Map;

/**
 * A sealed segment: exactly the entries of one (collection, shard) in the log range (start, end] that
 * belong to one partition, or, with {@link #ALL_PARTITIONS}, the range's tombstones.
 *
 * @param indexFiles index id to the object key of that index built over this segment
 */
public record SegmentInfo(
        long id,
        long collectionId,
        long partitionId,
        int shard,
        LogPosition start,
        LogPosition end,
        long rowCount,
        long deleteCount,
        long sizeBytes,
        Map<Long, String> indexFiles) {
    public static final long ALL_PARTITIONS = 0;

    public SegmentInfo {
        requireNonNull(start, "start");
        requireNonNull(end, "end");
        indexFiles = Map.copyOf(indexFiles);
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException(
                    "segment " + id + " has an empty log range (" + start + ", " + end + "]");
        }
    }

    public boolean isTombstones() {
        return partitionId == ALL_PARTITIONS;
    }

    public SegmentInfo withIndexFile(long indexId, String objectKey) {
        var files = new java.util.HashMap<>(indexFiles);
        files.put(indexId, objectKey);
        return new SegmentInfo(
                id, collectionId, partitionId, shard, start, end, rowCount, deleteCount, sizeBytes, files);
    }
}
