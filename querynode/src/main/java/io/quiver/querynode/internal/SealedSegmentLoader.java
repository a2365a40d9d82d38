package io.quiver.querynode.internal;

import io.quiver.common.data.Column;
import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.PrimaryKeys;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.coordinator.SegmentInfo;
import io.quiver.storage.binlog.DeltaBatch;
import io.quiver.storage.binlog.SegmentKey;
import io.quiver.storage.binlog.SegmentReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Loads the sealed segments of one log range from binlogs and replays their rows ({@code $ts} per row)
 * and tombstones (key, ts) into the shard's primary-key index, which rebuilds every row's
 * {@code supersededTs} by timestamp whatever the order (see {@link PrimaryKeyIndex}): a later range may
 * hold an older version of a key than an earlier one, since a range need not end at a tick.
 *
 * <p>Within a range the events are applied sorted by timestamp (a stable sort, so mostly appends to
 * the index). Equal timestamps for one key come only from one request, that is one log entry of one
 * partition (or one delete entry), whose rows the write node keeps in log order in one segment; the
 * stable sort keeps that order, so the later row of a request wins, exactly as in live replay.
 */
final class SealedSegmentLoader {
    private final SegmentReader reader;
    private final CollectionSchema schema;

    SealedSegmentLoader(SegmentReader reader, CollectionSchema schema) {
        this.reader = reader;
        this.schema = schema;
    }

    /** Loads one range's segments (all with the same log range) and returns those holding rows. */
    List<Segment> loadRange(List<SegmentInfo> range, PrimaryKeyIndex primaryKeys) {
        List<Segment> loaded = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        String pkField = schema.primaryKey().name();
        for (SegmentInfo info : range) {
            SegmentKey key = new SegmentKey(info.collectionId(), info.partitionId(), info.id());
            if (info.isTombstones()) {
                DeltaBatch deletes = reader.readDeletes(key, schema.primaryKey().dataType());
                for (int i = 0; i < deletes.size(); i++) {
                    events.add(new Event(deletes.timestamps()[i], null, i, deletes.primaryKeys()));
                }
                continue;
            }
            ColumnBatch rows = reader.readRows(key, schema);
            Segment segment = new Segment(info.id(), info.partitionId(), rows, pkField, info.end(), true);
            loaded.add(segment);
            for (int row = 0; row < segment.size(); row++) {
                events.add(new Event(segment.insertTs[row], segment, row, segment.primaryKeys));
            }
        }
        events.sort(Comparator.comparingLong(Event::timestamp));
        for (Event event : events) {
            Object key = PrimaryKeys.get(event.keys(), event.row());
            if (event.segment() == null) {
                primaryKeys.delete(key, event.timestamp());
            } else {
                primaryKeys.put(key, event.segment(), event.row(), event.timestamp());
            }
        }
        return loaded;
    }

    /** A row version (segment != null) or a tombstone (keys = the delta's key column). */
    private record Event(long timestamp, Segment segment, int row, Column keys) {}
}
