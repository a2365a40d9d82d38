package io.quiver.coordinator.internal;

import io.quiver.common.Timestamps;
import io.quiver.common.meta.KeyValue;
import io.quiver.common.meta.MetaStore;
import io.quiver.coordinator.TimestampOracle;
import java.nio.ByteBuffer;
import java.time.Clock;

/**
 * The timestamp oracle. Physical time comes from the injected clock; the logical counter breaks ties.
 * It persists an upper bound {@link #RESERVE_MILLIS} ahead of what it has handed out, so a restarted
 * coordinator starts above every timestamp it may have handed out before, even if the clock went back.
 */
public final class PersistentTimestampOracle implements TimestampOracle {
    static final String KEY = "tso/upper";
    static final long RESERVE_MILLIS = 3_000;

    private final MetaStore metaStore;
    private final Clock clock;
    private long lastPhysical;
    private long lastLogical;
    private long reservedUpTo;

    private PersistentTimestampOracle(MetaStore metaStore, Clock clock) {
        this.metaStore = metaStore;
        this.clock = clock;
    }

    /** Opens the oracle, starting above any bound a previous run persisted. */
    public static PersistentTimestampOracle open(MetaStore metaStore, Clock clock) {
        PersistentTimestampOracle oracle = new PersistentTimestampOracle(metaStore, clock);
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
        reservedUpTo = from + RESERVE_MILLIS;
        metaStore.put(KEY, ByteBuffer.allocate(Long.BYTES).putLong(reservedUpTo).array());
    }
}
