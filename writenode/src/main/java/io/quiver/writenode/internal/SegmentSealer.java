package io.quiver.writenode.internal;

import com.google.common.hash.Hashing;
import io.quiver.common.data.Column;
import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.ColumnBuilder;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.FieldSchema;
import io.quiver.coordinator.Catalog;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.SegmentInfo;
import io.quiver.storage.binlog.DeltaBatch;
import io.quiver.storage.binlog.SegmentFiles;
import io.quiver.storage.binlog.SegmentKey;
import io.quiver.storage.binlog.SegmentWriter;
import io.quiver.wal.LogPosition;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals a shard buffer: writes one segment per partition (binlogs + stats) and, if the range had
 * deletes, a tombstone segment, then commits them with the range to the catalog. Rows of partitions
 * dropped since they were written are discarded. Segment ids are
 * derived from (collection, partition, shard, range start), so a replacement write node that seals the
 * same range rewrites the same objects: flushing is idempotent.
 *
 * <p>Rows are written in log order with their insert timestamps ({@code $ts}) and tombstones with
 * theirs, unsorted and unresolved: versions are ordered by timestamp only when they are loaded, because
 * a range may end at any entry, not only at a tick, and the entries of several proxies may be out of
 * timestamp order there (see {@link ShardBuffer}).
 */
final class SegmentSealer {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentSealer.class);

    private final SegmentWriter writer;
    private final Catalog catalog;
    private final RecentSegments recent;

    SegmentSealer(SegmentWriter writer, Catalog catalog, RecentSegments recent) {
        this.writer = writer;
        this.catalog = catalog;
        this.recent = recent;
    }

    /** Seals everything buffered for the range (buffer.start, end] and moves the checkpoint to end. */
    void seal(CollectionInfo collection, ShardBuffer buffer, LogPosition end) {
        if (!end.isAfter(buffer.start())) {
            return;
        }
        CollectionSchema schema = collection.schema();
        List<SegmentInfo> segments = new ArrayList<>();
        for (Entry<Long, ColumnBatch> entry : buffer.rowsByPartition().entrySet()) {
            long partitionId = entry.getKey();
            ColumnBatch rows = entry.getValue();
            if (collection.partitions().stream().noneMatch(p -> p.id() == partitionId)) {
                LOG.info(
                        "collection {} shard {}: dropping {} buffered rows of dropped partition {}",
                        collection.id(),
                        buffer.shard,
                        rows.rowCount(),
                        partitionId);
                continue;
            }
            SegmentKey key = new SegmentKey(
                    collection.id(),
                    partitionId,
                    segmentId(collection.id(), partitionId, buffer.shard, buffer.start()));
            SegmentFiles files = writer.write(key, schema, rows, emptyDeletes(schema));
            segments.add(new SegmentInfo(
                    key.segmentId(),
                    collection.id(),
                    partitionId,
                    buffer.shard,
                    buffer.start(),
                    end,
                    rows.rowCount(),
                    0,
                    files.sizeBytes(),
                    Map.of()));
            recent.put(key.segmentId(), rows);
        }
        Column deletedKeys = buffer.deletedKeys();
        if (deletedKeys != null) {
            long partitionId = SegmentInfo.ALL_PARTITIONS;
            SegmentKey key = new SegmentKey(
                    collection.id(),
                    partitionId,
                    segmentId(collection.id(), partitionId, buffer.shard, buffer.start()));
            DeltaBatch deletes = new DeltaBatch(deletedKeys, buffer.deleteTimestamps());
            SegmentFiles files = writer.write(key, schema, emptyRows(schema), deletes);
            segments.add(new SegmentInfo(
                    key.segmentId(),
                    collection.id(),
                    partitionId,
                    buffer.shard,
                    buffer.start(),
                    end,
                    0,
                    deletes.size(),
                    files.sizeBytes(),
                    Map.of()));
        }
        catalog.commitRange(collection.id(), buffer.shard, buffer.start(), end, segments);
        LOG.info(
                "collection {} shard {}: sealed range ({}, {}] into {} segments ({} rows, {} deletes)",
                collection.id(),
                buffer.shard,
                buffer.start(),
                end,
                segments.size(),
                segments.stream().mapToLong(SegmentInfo::rowCount).sum(),
                segments.stream().mapToLong(SegmentInfo::deleteCount).sum());
        buffer.reset(end);
    }

    static long segmentId(long collectionId, long partitionId, int shard, LogPosition start) {
        byte[] startBytes = start.bytes();
        ByteBuffer bytes = ByteBuffer.allocate(8 + 8 + 4 + startBytes.length)
                .putLong(collectionId)
                .putLong(partitionId)
                .putInt(shard)
                .put(startBytes);
        return Hashing.murmur3_128().hashBytes(bytes.array()).asLong() & Long.MAX_VALUE;
    }

    private static DeltaBatch emptyDeletes(CollectionSchema schema) {
        FieldSchema pk = schema.primaryKey();
        return new DeltaBatch(new ColumnBuilder(pk.dataType(), 0, 0).build(), new long[0]);
    }

    private static ColumnBatch emptyRows(CollectionSchema schema) {
        Map<String, Column> columns = new LinkedHashMap<>();
        for (FieldSchema field : schema.fields()) {
            columns.put(field.name(), new ColumnBuilder(field.dataType(), field.dimension(), 0).build());
        }
        columns.put(ColumnBatch.TIMESTAMP, new ColumnBuilder(io.quiver.common.schema.DataType.INT64, 0, 0).build());
        return new ColumnBatch(0, columns);
    }
}
