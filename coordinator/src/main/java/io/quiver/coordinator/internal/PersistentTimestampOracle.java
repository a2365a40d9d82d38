package io.quiver.coordinator.internal;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.Timestamps;
import io.quiver.common.meta.Compare;
import io.quiver.common.meta.KeyValue;
import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.Op;
import io.quiver.coordinator.TimestampOracle;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;

/**
 * The timestamp oracle. Physical time comes from the injected clock; the logical counter breaks ties.
 * It persists an upper bound {@link #RESERVE_MILLIS} ahead of what it has handed out, so a restarted
 * coordinator starts above every timestamp it may have handed out before, even if the clock went back.
 * In a cluster each bound is written under the leader's guard, so a deposed leader cannot write a bound
 * after its successor read it: its next reservation fails and it stops handing out timestamps.
 */
public final class PersistentTimestampOracle implements TimestampOracle {
    static final String KEY = "tso/upper";
    static final long RESERVE_MILLIS = 3_000;

    private final MetaStore metaStore;
    private final Clock clock;
    private final List<Compare> guards;
    private long lastPhysical;
    private long lastLogical;
    private long reservedUpTo;

    private PersistentTimestampOracle(MetaStore metaStore, Clock clock, List<Compare> guards) {
        this.metaStore = metaStore;
        this.clock = clock;
        this.guards = List.copyOf(guards);
    }

    /** Opens the oracle, starting above any bound a previous run persisted. */
    public static PersistentTimestampOracle open(MetaStore metaStore, Clock clock) {
        return open(metaStore, clock, List.of());
    }

    /** Opens the oracle; every bound it persists is written only while {@code guards} hold. */
    public static PersistentTimestampOracle open(MetaStore metaStore, Clock clock, List<Compare> guards) {
        PersistentTimestampOracle oracle = new PersistentTimestampOracle(metaStore, clock, guards);
        long persisted = metaStore
                .get(KEY)
                .map(KeyValue::value)
                .map(v -> ByteBuffer.wrap(v).getLong())
                .orElse(0L);
        oracle.lastPhysical = Math.max(persisted + 1, 0);
        oracle.lastLogical = 0;
        oracle.reserve(Math.max(oracle.lastPhysical, clock.millis()));
        return oracle;
    }

    @Override
    public synchronized long allocate() {
        long now = clock.millis();
        if (now > lastPhysical) {
            lastPhysical = now;
            lastLogical = 0;
        } else if (++lastLogical > Timestamps.LOGICAL_MASK) {
            lastPhysical++;
            lastLogical = 0;
        }
        if (lastPhysical >= reservedUpTo) {
            reserve(lastPhysical);
        }
        return Timestamps.compose(lastPhysical, lastLogical);
    }

    private void reserve(long from) {
        long bound = from + RESERVE_MILLIS;
        byte[] value = ByteBuffer.allocate(Long.BYTES).putLong(bound).array();
        if (guards.isEmpty()) {
            metaStore.put(KEY, value);
        } else if (!metaStore
                .txn(guards, List.of(Op.put(KEY, value)), List.of())
                .succeeded()) {
            throw new QuiverException(
                    ErrorCode.UNAVAILABLE,
                    "this coordinator is no longer the leader; ask the new leader for timestamps");
        }
        reservedUpTo = bound;
    }
}
