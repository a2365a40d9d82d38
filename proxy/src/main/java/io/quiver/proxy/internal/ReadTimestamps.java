package io.quiver.proxy.internal;

import io.quiver.common.Timestamps;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.ConsistencyLevel;
import io.quiver.coordinator.TimestampOracle;
import java.time.Duration;

/**
 * Turns a read's consistency level into the timestamp the shards must have reached (guarantee) and
 * the snapshot to read at (DESIGN §4). The SDKs send guarantee_timestamp 0 for Strong, the session's
 * last write for Session, 2 for Bounded and 1 for Eventually.
 *
 * @param guarantee wait until every write below this is applied
 * @param snapshot read at this timestamp, 0 for the shard's service time after the wait
 */
public record ReadTimestamps(long guarantee, long snapshot) {
    public static final Duration BOUNDED_STALENESS = Duration.ofSeconds(5);

    public static ReadTimestamps of(
            CollectionInfo collection,
            boolean useDefault,
            int levelNumber,
            long requestGuarantee,
            long travelTimestamp,
            TimestampOracle tso) {
        if (travelTimestamp > 0) {
            return new ReadTimestamps(travelTimestamp, travelTimestamp);
        }
        ConsistencyLevel level =
                useDefault ? collection.consistencyLevel() : ConsistencyLevel.fromMilvusNumber(levelNumber);
        return switch (level) {
            case STRONG -> {
                long now = tso.allocate();
                yield new ReadTimestamps(now, now);
            }
            case BOUNDED -> {
                long now = Timestamps.physicalMillis(tso.allocate());
                yield new ReadTimestamps(Timestamps.compose(Math.max(0, now - BOUNDED_STALENESS.toMillis()), 0), 0);
            }
            case SESSION, CUSTOMIZED -> new ReadTimestamps(requestGuarantee > 2 ? requestGuarantee : 0, 0);
            case EVENTUALLY -> new ReadTimestamps(0, 0);
        };
    }
}
