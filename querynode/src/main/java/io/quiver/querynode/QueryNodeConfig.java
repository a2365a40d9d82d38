package io.quiver.querynode;

import java.time.Duration;

/**
 * Query node settings.
 *
 * @param exactScanThreshold a segment search scans exactly instead of using the ANN index when at most
 *     this many rows pass the filter
 * @param replayBatch the most log entries applied per poll
 * @param handoffInterval how often a shard checks the catalog for committed ranges and index files
 */
public record QueryNodeConfig(int exactScanThreshold, int replayBatch, Duration handoffInterval) {
    public static final QueryNodeConfig DEFAULTS = new QueryNodeConfig(4_096, 256, Duration.ofMillis(200));

    public QueryNodeConfig {
        if (exactScanThreshold < 0 || replayBatch < 1 || handoffInterval.isNegative()) {
            throw new IllegalArgumentException("invalid query node config");
        }
    }
}
