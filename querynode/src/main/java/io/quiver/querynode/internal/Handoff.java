package io.quiver.querynode.internal;

import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.PrimaryKeys;
import io.quiver.coordinator.SegmentInfo;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces the growing chunks of a committed log range by sealed segments, exactly by log position:
 * the chunks at or before the range's end are the range's rows, partition by partition and in log
 * order, which is precisely what the write node sealed. Their rows, visibility and primary-key index
 * entries (every entry still held for the row, not only a key's newest, since a late entry may still
 * end an older version) move to the sealed segments; no row is lost or counted twice.
 */
final class Handoff {
    private static final Logger LOG = LoggerFactory.getLogger(Handoff.class);

    private Handoff() {}

    /** The segments after handing off {@code range} (segments of one log range, in partition order). */
    static ShardSegments apply(
            ShardSegments current, List<SegmentInfo> range, String primaryKeyField, PrimaryKeyIndex primaryKeys) {
        var end = range.getFirst().end();
        List<Segment> covered = new ArrayList<>();
        List<Segment> remaining = new ArrayList<>();
        for (Segment chunk : current.growing()) {
            (chunk.end.compareTo(end) <= 0 ? covered : remaining).add(chunk);
        }
        List<Segment> sealed = new ArrayList<>(current.sealed());
        for (SegmentInfo info : range) {
            if (info.isTombstones()) {
                continue;
            }
            List<Segment> chunks = covered.stream()
                    .filter(c -> c.partitionId == info.partitionId())
                    .toList();
            if (chunks.isEmpty()) {
                LOG.error(
                        "handoff of segment {} (collection {}, shard {}): no replayed rows for {} sealed rows",
                        info.id(),
                        info.collectionId(),
                        info.shard(),
                        info.rowCount());
                continue;
            }
            Segment segment = merge(info, chunks, primaryKeyField, primaryKeys);
            if (segment.size() != info.rowCount()) {
                LOG.error(
                        "handoff of segment {} (collection {}, shard {}): {} rows replayed but {} sealed",
                        info.id(),
                        info.collectionId(),
                        info.shard(),
                        segment.size(),
                        info.rowCount());
            }
            sealed.add(segment);
        }
        return new ShardSegments(sealed, remaining);
    }

    private static Segment merge(
            SegmentInfo info, List<Segment> chunks, String primaryKeyField, PrimaryKeyIndex primaryKeys) {
        ColumnBatch rows = ColumnBatch.concat(chunks.stream().map(c -> c.rows).toList());
        Segment segment = new Segment(info.id(), info.partitionId(), rows, primaryKeyField, info.end(), true);
        int row = 0;
        for (Segment chunk : chunks) {
            for (int r = 0; r < chunk.size(); r++, row++) {
                segment.supersede(row, chunk.supersededTs[r]);
                primaryKeys.move(chunk, r, segment, row, PrimaryKeys.get(chunk.primaryKeys, r));
            }
        }
        return segment;
    }
}
