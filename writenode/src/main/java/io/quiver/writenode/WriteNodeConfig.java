package io.quiver.writenode;

import java.time.Duration;

/**
 * Write node settings.
 *
 * @param segmentMaxBytes seal a shard's buffer once it holds this many bytes of rows
 * @param segmentMaxAge seal a non-empty buffer this long after its first row arrived
 * @param indexBuildInterval how often to look for segments that lack index files
 */
public record WriteNodeConfig(long segmentMaxBytes, Duration segmentMaxAge, Duration indexBuildInterval) {
    public static final WriteNodeConfig DEFAULTS =
            new WriteNodeConfig(512L << 20, Duration.ofMinutes(10), Duration.ofMillis(200));

    /**
     * The defaults, with segments no larger than a sixteenth of {@code maxHeapBytes} (at least 16 MiB): a
     * write node buffers one segment per shard it consumes, and sealing one holds its rows, its Arrow
     * vectors and the encoded file at once, on every channel in parallel.
     */
    public static WriteNodeConfig forHeap(long maxHeapBytes) {
        long segment = Math.max(16L << 20, Math.min(DEFAULTS.segmentMaxBytes(), maxHeapBytes / 16));
        return new WriteNodeConfig(segment, DEFAULTS.segmentMaxAge(), DEFAULTS.indexBuildInterval());
    }

    public WriteNodeConfig {
        if (segmentMaxBytes < 1 || segmentMaxAge.isNegative() || indexBuildInterval.isNegative()) {
            throw new IllegalArgumentException("invalid write node config");
        }
    }
}
