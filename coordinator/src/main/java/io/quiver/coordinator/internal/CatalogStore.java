package io.quiver.coordinator.internal;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.meta.Compare;
import io.quiver.common.meta.KeyValue;
import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.Op;
import io.quiver.common.meta.TxnResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compare-and-set writes of catalog keys. It remembers the revision at which it last saw each key, and
 * every write is guarded by it, so a process with a stale view (a deposed coordinator, a proxy that has
 * not yet seen another's change) cannot overwrite a newer decision. It also remembers the revision of the
 * last change it applied to each key, deletes included, so changes seen twice (by a read and again by the
 * watch, or by our own write and its echo) are applied once. Not thread-safe: the catalog calls it under
 * its own lock.
 */
final class CatalogStore {
    private final MetaStore metaStore;
    private final Map<String, Long> revisions = new HashMap<>();
    private final Map<String, Long> changedAt = new HashMap<>();

    CatalogStore(MetaStore metaStore) {
        this.metaStore = metaStore;
    }

    /** Every key under the prefix, remembering their revisions. */
    List<KeyValue> load(String prefix) {
        List<KeyValue> values = metaStore.range(prefix);
        for (KeyValue kv : values) {
            observePut(kv.key(), kv.modRevision());
        }
        return values;
    }

    /** The meta store itself, for reads the catalog filters through {@link #isNewer}. */
    MetaStore metaStore() {
        return metaStore;
    }

    /** Whether a change of {@code key} at {@code revision} is newer than the last one applied. */
    boolean isNewer(String key, long revision) {
        return revision > changedAt.getOrDefault(key, 0L);
    }

    /** Records that the catalog applied a put of {@code key} made at {@code revision}. */
    void observePut(String key, long revision) {
        revisions.put(key, revision);
        changedAt.merge(key, revision, Math::max);
    }

    /** Records that the catalog applied a delete of {@code key} made at (or known by) {@code revision}. */
    void observeDelete(String key, long revision) {
        revisions.remove(key);
        changedAt.merge(key, revision, Math::max);
    }

    /** Every live key under {@code prefix} this store has seen. */
    List<String> knownKeys(String prefix) {
        return revisions.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
    }

    /** Applies puts and deletes atomically, or fails with CONFLICT if any key changed behind our back. */
    void write(Map<String, byte[]> puts, List<String> deletes) {
        List<Compare> guards = new ArrayList<>();
        List<Op> ops = new ArrayList<>();
        puts.forEach((key, value) -> {
            guards.add(new Compare(key, revisions.getOrDefault(key, 0L)));
            ops.add(Op.put(key, value));
        });
        for (String key : deletes) {
            guards.add(new Compare(key, revisions.getOrDefault(key, 0L)));
            ops.add(Op.delete(key));
        }
        TxnResult result = metaStore.txn(guards, ops, List.of());
        if (!result.succeeded()) {
            throw new QuiverException(
                    ErrorCode.CONFLICT,
                    "catalog keys " + puts.keySet() + deletes + " were changed by another process; retry");
        }
        puts.keySet().forEach(key -> observePut(key, result.revision()));
        deletes.forEach(key -> observeDelete(key, result.revision()));
    }

    void put(String key, byte[] value) {
        write(Map.of(key, value), List.of());
    }
}
