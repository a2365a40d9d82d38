package io.quiver.coordinator.internal;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.meta.KeyValue;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.SegmentInfo;
import io.quiver.wal.LogPosition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The catalog's sealed segments ({@code catalog/segment/{collection}/{segment}}) and shard checkpoints
 * ({@code catalog/checkpoint/{collection}/{shard}}): the part of the catalog the write nodes change.
 * Not thread-safe: {@link MetaStoreCatalog} calls it under its lock.
 */
final class SegmentRecords {
    static final String SEGMENT_PREFIX = "catalog/segment/";
    static final String CHECKPOINT_PREFIX = "catalog/checkpoint/";
    private final CatalogStore store;
    private final Map<Long, Map<Long, SegmentInfo>> segments = new HashMap<>();
    private final Map<String, LogPosition> checkpoints = new HashMap<>();

    SegmentRecords(CatalogStore store) {
        this.store = store;
    }

    void load() {
        for (KeyValue kv : store.load(SEGMENT_PREFIX)) {
            applyPut(kv.key(), kv.value());
        }
        for (KeyValue kv : store.load(CHECKPOINT_PREFIX)) {
            applyPut(kv.key(), kv.value());
        }
    }

    /** Whether {@code key} is one of the keys this class keeps. */
    static boolean owns(String key) {
        return key.startsWith(SEGMENT_PREFIX) || key.startsWith(CHECKPOINT_PREFIX);
    }

    /** Applies a put of a segment or checkpoint key made by any process. */
    void applyPut(String key, byte[] value) {
        if (key.startsWith(SEGMENT_PREFIX)) {
            SegmentInfo info = CatalogRecords.decodeSegment(key, value);
            segments.computeIfAbsent(info.collectionId(), k -> new TreeMap<>()).put(info.id(), info);
        } else if (key.startsWith(CHECKPOINT_PREFIX)) {
            checkpoints.put(key, new LogPosition(value));
        }
    }

    /** Applies a delete of a segment or checkpoint key made by any process. */
    void applyDelete(String key) {
        if (key.startsWith(SEGMENT_PREFIX)) {
            String[] parts = key.split("/");
            Map<Long, SegmentInfo> collectionSegments = segments.get(Long.parseLong(parts[2]));
            if (collectionSegments != null) {
                collectionSegments.remove(Long.parseLong(parts[3]));
            }
        } else if (key.startsWith(CHECKPOINT_PREFIX)) {
            checkpoints.remove(key);
        }
    }

    int count() {
        return segments.values().stream().mapToInt(Map::size).sum();
    }

    /** A collection's segments in log order (range end), then partition. */
    List<SegmentInfo> segments(long collectionId) {
        List<SegmentInfo> list =
                new ArrayList<>(segments.getOrDefault(collectionId, Map.of()).values());
        list.sort(Comparator.comparing(SegmentInfo::end).thenComparingLong(SegmentInfo::partitionId));
        return list;
    }

    LogPosition checkpoint(long collectionId, int shard) {
        return checkpoints.getOrDefault(checkpointKey(collectionId, shard), LogPosition.BEGINNING);
    }

    void commitRange(
            long collectionId, int shard, LogPosition expected, LogPosition end, List<SegmentInfo> newSegments) {
        LogPosition current = checkpoint(collectionId, shard);
        if (current.equals(end)) {
            return; // a retried commit of the same range
        }
        if (!current.equals(expected)) {
            throw new QuiverException(
                    ErrorCode.CONFLICT,
                    "shard " + shard + " of collection " + collectionId + " is checkpointed at " + current + ", not at "
                            + expected + "; another write node committed first");
        }
        Map<String, byte[]> puts = new LinkedHashMap<>();
        for (SegmentInfo segment : newSegments) {
            puts.put(segmentKey(collectionId, segment.id()), CatalogRecords.encode(segment));
        }
        puts.put(checkpointKey(collectionId, shard), end.bytes());
        store.write(puts, List.of());
        Map<Long, SegmentInfo> collectionSegments = segments.computeIfAbsent(collectionId, k -> new TreeMap<>());
        newSegments.forEach(s -> collectionSegments.put(s.id(), s));
        checkpoints.put(checkpointKey(collectionId, shard), end);
    }

    void commitIndexFile(long collectionId, long segmentId, long indexId, String objectKey) {
        SegmentInfo segment = segments.getOrDefault(collectionId, Map.of()).get(segmentId);
        if (segment == null) {
            throw new QuiverException(
                    ErrorCode.NOT_FOUND, "segment " + segmentId + " of collection " + collectionId + " does not exist");
        }
        SegmentInfo updated = segment.withIndexFile(indexId, objectKey);
        store.put(segmentKey(collectionId, segmentId), CatalogRecords.encode(updated));
        segments.get(collectionId).put(segmentId, updated);
    }

    /** The keys to delete with a collection: its segments and checkpoints. */
    List<String> keysOf(CollectionInfo collection) {
        List<String> keys = new ArrayList<>();
        segments.getOrDefault(collection.id(), Map.of())
                .keySet()
                .forEach(s -> keys.add(segmentKey(collection.id(), s)));
        for (int shard = 0; shard < collection.shards(); shard++) {
            if (checkpoints.containsKey(checkpointKey(collection.id(), shard))) {
                keys.add(checkpointKey(collection.id(), shard));
            }
        }
        return keys;
    }

    /** Forgets a collection whose {@link #keysOf} keys were deleted. */
    void forget(CollectionInfo collection) {
        segments.remove(collection.id());
        for (int shard = 0; shard < collection.shards(); shard++) {
            checkpoints.remove(checkpointKey(collection.id(), shard));
        }
    }

    /** The keys of a partition's segments, to delete with the partition. */
    List<String> keysOfPartition(long collectionId, long partitionId) {
        return segments.getOrDefault(collectionId, Map.of()).values().stream()
                .filter(s -> s.partitionId() == partitionId)
                .map(s -> segmentKey(collectionId, s.id()))
                .toList();
    }

    /** Forgets a partition whose {@link #keysOfPartition} keys were deleted. */
    void forgetPartition(long collectionId, long partitionId) {
        segments.getOrDefault(collectionId, new HashMap<>()).values().removeIf(s -> s.partitionId() == partitionId);
    }

    private static String segmentKey(long collectionId, long segmentId) {
        return SEGMENT_PREFIX + collectionId + "/" + segmentId;
    }

    private static String checkpointKey(long collectionId, int shard) {
        return CHECKPOINT_PREFIX + collectionId + "/" + shard;
    }
}
