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
 * @param fresh the guarantee is newer than the last time tick is likely to be: ask for a tick now
 */
public record ReadTimestamps(long guarantee, long snapshot, boolean fresh) {
    public static final Duration BOUNDED_STALENESS = Duration.ofSeconds(5);

    public ReadTimestamps(long guarantee, long snapshot) {
        this(guarantee, snapshot, false);
    }

    /** Read everything written before {@code now}, exactly at {@code now}. */
    public static ReadTimestamps strong(long now) {
        return new ReadTimestamps(now, now, true);
    }

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
                yield strong(tso.allocate());
            }
            case BOUNDED -> {
                long now = Timestamps.physicalMillis(tso.allocate());
                yield new ReadTimestamps(Timestamps.compose(Math.max(0, now - BOUNDED_STALENESS.toMillis()), 0), 0);
            }
            case SESSION, CUSTOMIZED ->
                requestGuarantee > 2 ? new ReadTimestamps(requestGuarantee, 0, true) : new ReadTimestamps(0, 0);
            case EVENTUALLY -> new ReadTimestamps(0, 0);
        };
    }
}
