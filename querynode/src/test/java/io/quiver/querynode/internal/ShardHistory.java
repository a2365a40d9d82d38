package io.quiver.querynode.internal;

import static io.quiver.querynode.internal.Fixtures.position;

import io.quiver.common.Timestamps;
import io.quiver.coordinator.SegmentInfo;
import io.quiver.wal.LogPosition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One shard's segments built as the replay thread builds them (chunks, tombstones, handoffs), next to a
 * plain model of every row version and its visibility interval, to compare searches against.
 */
final class ShardHistory {
    /** A row version of the model: visible at T iff {@code from <= T < to}. */
    static final class Version {
        final long key;
        final long tag;
        final float[] vector;
        final long partition;
        final long from;
        long to = Timestamps.MAX;

        Version(long key, long tag, float[] vector, long partition, long from) {
            this.key = key;
            this.tag = tag;
            this.vector = vector;
            this.partition = partition;
            this.from = from;
        }

        boolean visibleAt(long snapshot) {
            return from <= snapshot && snapshot < to;
        }
    }

    private final Random random;
    private final PrimaryKeyIndex primaryKeys = new PrimaryKeyIndex();
    private final List<Version> versions = new ArrayList<>();
    private final Map<Long, Version> latest = new HashMap<>();
    private ShardSegments segments = ShardSegments.EMPTY;
    private long sequence;
    private LogPosition committed = LogPosition.BEGINNING;
    private long nextSegmentId = 500;

    ShardHistory(Random random) {
        this.random = random;
    }

    /** Inserts (or replaces) {@code keys} at {@code timestamp} with random tags in [0, 1000) and vectors. */
    Segment insert(long partition, long timestamp, long... keys) {
        float[] vectors = new float[keys.length * Fixtures.DIMENSION];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = (float) random.nextGaussian();
        }
        long[] tags = new long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            tags[i] = random.nextInt(1000);
        }
        return insert(partition, timestamp, keys, tags, vectors);
    }

    Segment insert(long partition, long timestamp, long[] keys, long[] tags, float[] vectors) {
        Segment chunk = Fixtures.chunk(partition, ++sequence, timestamp, keys, tags, vectors);
        Fixtures.applyInsert(primaryKeys, chunk);
        segments = segments.withGrowing(chunk);
        for (int row = 0; row < keys.length; row++) {
            Version version = new Version(keys[row], tags[row], Fixtures.vector(chunk, row), partition, timestamp);
            end(keys[row], timestamp);
            latest.put(keys[row], version);
            versions.add(version);
        }
        return chunk;
    }

    void delete(long timestamp, long... keys) {
        sequence++;
        for (long key : keys) {
            primaryKeys.delete(key, timestamp);
            end(key, timestamp);
            latest.remove(key);
        }
    }

    private void end(long key, long timestamp) {
        Version previous = latest.get(key);
        if (previous != null) {
            previous.to = timestamp;
        }
    }

    /** Hands off every growing chunk, one sealed segment per partition. */
    void handOffAll() {
        LogPosition end = position(sequence);
        List<SegmentInfo> range = new ArrayList<>();
        for (long partition : segments.growing().stream()
                .map(c -> c.partitionId)
                .distinct()
                .sorted()
                .toList()) {
            long rows = segments.growing().stream()
                    .filter(c -> c.partitionId == partition)
                    .mapToLong(Segment::size)
                    .sum();
            range.add(new SegmentInfo(nextSegmentId++, 1, partition, 0, committed, end, rows, 0, 0, Map.of()));
        }
        segments = Handoff.apply(segments, range, "id", primaryKeys);
        committed = end;
    }

    List<Segment> segments() {
        return segments.all();
    }

    ShardSegments shardSegments() {
        return segments;
    }

    List<Version> visibleAt(long snapshot) {
        return versions.stream().filter(v -> v.visibleAt(snapshot)).toList();
    }
}
