package io.quiver.coordinator.rpc;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.coordinator.NodeAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Shard routes a test sets; counts lookups. */
final class FakeShardRoutes implements ShardRoutes {
    private final Map<String, NodeAddress> routes = new ConcurrentHashMap<>();
    final AtomicInteger lookups = new AtomicInteger();

    void set(long collectionId, int shard, NodeAddress address) {
        routes.put(collectionId + "/" + shard, address);
    }

    @Override
    public NodeAddress route(long collectionId, int shard) {
        lookups.incrementAndGet();
        NodeAddress address = routes.get(collectionId + "/" + shard);
        if (address == null) {
            throw new QuiverException(
                    ErrorCode.UNAVAILABLE, "no query node serves shard " + shard + " of collection " + collectionId);
        }
        return address;
    }
}
