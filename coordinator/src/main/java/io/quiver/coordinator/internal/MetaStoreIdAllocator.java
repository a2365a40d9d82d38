package io.quiver.coordinator.internal;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.meta.Compare;
import io.quiver.common.meta.KeyValue;
import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.Op;
import io.quiver.coordinator.IdAllocator;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/** Allocates ids from blocks reserved in the meta store with compare-and-set; ids start at 1. */
public final class MetaStoreIdAllocator implements IdAllocator {
    static final String KEY = "id/next";
    static final int BLOCK = 100_000;

    private final MetaStore metaStore;
    private long next;
    private long limit;

    public MetaStoreIdAllocator(MetaStore metaStore) {
        this.metaStore = metaStore;
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
        for (int attempt = 0; attempt < 10; attempt++) {
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
        }
        throw new QuiverException(ErrorCode.CONFLICT, "could not reserve ids: the id counter kept changing");
    }
}
