package io.quiver.coordinator.cluster;

/**
 * The meta-store keys of cluster membership and placement (the catalog lives under {@code catalog/}):
 *
 * <ul>
 *   <li>{@code cluster/session/{role}/{nodeId}} = {@code host:port}, attached to the node's lease;
 *   <li>{@code cluster/leader} = the leading coordinator's {@code nodeId host:port}, attached to its lease;
 *   <li>{@code cluster/assignment/channel/{channel}} = the write node that consumes a physical channel;
 *   <li>{@code cluster/assignment/shard/{collection}/{shard}} = the query node serving a shard replica.
 * </ul>
 *
 * Only the leader writes assignments, each write guarded by the revision of its leader key.
 */
public final class ClusterKeys {
    public static final String SESSIONS = "cluster/session/";
    public static final String LEADER = "cluster/leader";
    public static final String CHANNEL_ASSIGNMENTS = "cluster/assignment/channel/";
    public static final String SHARD_ASSIGNMENTS = "cluster/assignment/shard/";

    private ClusterKeys() {}

    public static String session(NodeRole role, String nodeId) {
        return SESSIONS + role.key() + "/" + nodeId;
    }

    public static String channelAssignment(String channel) {
        return CHANNEL_ASSIGNMENTS + channel;
    }

    public static String shardAssignment(long collectionId, int shard) {
        return SHARD_ASSIGNMENTS + collectionId + "/" + shard;
    }
}
