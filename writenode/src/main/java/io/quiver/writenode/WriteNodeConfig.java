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

    public WriteNodeConfig {
        if (segmentMaxBytes < 1 || segmentMaxAge.isNegative() || indexBuildInterval.isNegative()) {
            throw new IllegalArgumentException("invalid write node config");
        }
    }
}
