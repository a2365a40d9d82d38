package io.quiver.coordinator.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.meta.KeyValue;
import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.Op;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes placement keys (value: a node id), each write guarded by the leader's election. */
final class PlacementWriter {
    private final MetaStore metaStore;
    private final LeaderElection election;

    PlacementWriter(MetaStore metaStore, LeaderElection election) {
        this.metaStore = metaStore;
        this.election = election;
    }

    /** Every key under the prefix (without it) with its node id. */
    Map<String, String> read(String prefix) {
        Map<String, String> values = new LinkedHashMap<>();
        for (KeyValue kv : metaStore.range(prefix)) {
            values.put(kv.key().substring(prefix.length()), new String(kv.value(), UTF_8));
        }
        return values;
    }

    void put(String key, String nodeId) {
        write(List.of(Op.put(key, nodeId.getBytes(UTF_8))));
    }

    void delete(String key) {
        write(List.of(Op.delete(key)));
    }

    private void write(List<Op> ops) {
        if (!metaStore.txn(List.of(election.guard()), ops, List.of()).succeeded()) {
            throw new QuiverException(
                    ErrorCode.CONFLICT, "this coordinator is no longer the leader; placement write refused");
        }
    }
}
