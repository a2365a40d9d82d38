package io.quiver.storage.binlog;

import static java.util.Objects.requireNonNull;

import io.quiver.common.QuiverException;
import java.util.List;

/**
 * What {@link SegmentWriter#write} stored for one segment.
 *
 * @param objectKeys every object written, in the order written
 * @param rowCount rows in the segment (not counting deletes)
 * @param sizeBytes total size of the objects written
 */
public record SegmentFiles(List<String> objectKeys, long rowCount, long sizeBytes) {
    public SegmentFiles {
        objectKeys = List.copyOf(requireNonNull(objectKeys, "objectKeys"));
        QuiverException.check(rowCount >= 0, "segment files: row count %d is negative", rowCount);
        QuiverException.check(sizeBytes >= 0, "segment files: size %d is negative", sizeBytes);
    }
}
