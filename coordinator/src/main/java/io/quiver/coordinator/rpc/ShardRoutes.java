package io.quiver.coordinator.rpc;

import io.quiver.coordinator.NodeAddress;

/** Which query node serves a shard, as the coordinator leader assigned it. */
public interface ShardRoutes {
    /**
     * The query node serving a shard.
     *
     * @throws io.quiver.common.QuiverException {@link io.quiver.common.ErrorCode#UNAVAILABLE} when no query
     *     node serves the shard (none is running, or the shard is being reassigned)
     */
    NodeAddress route(long collectionId, int shard);
}
