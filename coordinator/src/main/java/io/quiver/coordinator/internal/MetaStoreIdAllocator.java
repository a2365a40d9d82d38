package io.quiver.coordinator.internal;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.meta.Compare;
import io.quiver.common.meta.KeyValue;
import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.Op;
import io.quiver.coordinator.IdAllocator;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Allocates ids from blocks reserved in the meta store with compare-and-set; ids start at 1.
 *
 * <p>A reservation that loses the compare-and-set to another allocator retries after a jittered,
 * growing pause, so competing allocators cannot starve one another; it gives up only after {@code
 * patience} of continuous conflict.
 */
public final class MetaStoreIdAllocator implements IdAllocator {
    static final String KEY = "id/next";
    static final int BLOCK = 100_000;
    static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(10);
    private static final long MAX_PAUSE_NANOS = Duration.ofMillis(20).toNanos();

    private final MetaStore metaStore;
    private final long patienceNanos;
    private long next;
    private long limit;

    public MetaStoreIdAllocator(MetaStore metaStore) {
        this(metaStore, DEFAULT_PATIENCE);
    }

    MetaStoreIdAllocator(MetaStore metaStore, Duration patience) {
        this.metaStore = metaStore;
        this.patienceNanos = patience.toNanos();
    }

    @Override
    public synchronized long allocate(int count) {
        QuiverException.check(
                count > 0 && count <= 10_000_000, "cannot allocate %d ids at once (1 to 10000000)", count);
        if (next + count > limit) {
            reserve(Math.max(count, BLOCK));
        }
        long first = next;
        next += count;
        return first;
    }

    private void reserve(int size) {
        long deadline = System.nanoTime() + patienceNanos;
        for (int attempt = 0; ; attempt++) {
            Optional<KeyValue> current = metaStore.get(KEY);
            long start =
                    current.map(kv -> ByteBuffer.wrap(kv.value()).getLong()).orElse(1L);
            long end = start + size;
            Compare guard = current.map(kv -> Compare.unchangedSince(KEY, kv.modRevision()))
                    .orElse(Compare.absent(KEY));
            byte[] value = ByteBuffer.allocate(Long.BYTES).putLong(end).array();
            if (metaStore
                    .txn(List.of(guard), List.of(Op.put(KEY, value)), List.of())
                    .succeeded()) {
                next = start;
                limit = end;
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new QuiverException(
                        ErrorCode.CONFLICT,
                        "could not reserve ids: the id counter kept changing for %d attempts".formatted(attempt + 1));
            }
            pause(attempt);
        }
    }

    private static void pause(int attempt) {
        long ceiling = Math.min(MAX_PAUSE_NANOS, 50_000L << Math.min(attempt, 20));
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    }
}
