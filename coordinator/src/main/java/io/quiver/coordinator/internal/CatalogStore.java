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
 * every write is guarded by it, so a deposed coordinator cannot overwrite its successor's decisions.
 * Not thread-safe: the catalog calls it under its own lock.
 */
final class CatalogStore {
    private final MetaStore metaStore;
    private final Map<String, Long> revisions = new HashMap<>();

    CatalogStore(MetaStore metaStore) {
        this.metaStore = metaStore;
    }

    /** Every key under the prefix, remembering their revisions. */
    List<KeyValue> load(String prefix) {
        List<KeyValue> values = metaStore.range(prefix);
        for (KeyValue kv : values) {
            revisions.put(kv.key(), kv.modRevision());
        }
        return values;
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
                    "catalog keys " + puts.keySet() + deletes + " were changed by another coordinator; retry");
        }
        puts.keySet().forEach(key -> revisions.put(key, result.revision()));
        deletes.forEach(revisions::remove);
    }

    void put(String key, byte[] value) {
        write(Map.of(key, value), List.of());
    }
}
