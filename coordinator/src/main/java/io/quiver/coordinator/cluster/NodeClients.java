package io.quiver.coordinator.cluster;

import io.quiver.coordinator.NodeAddress;
import io.quiver.coordinator.node.QueryNodeService;
import io.quiver.coordinator.node.WriteNodeService;

/** How the coordinator reaches a node of the cluster (over gRPC in production, fakes in tests). */
public interface NodeClients {
    QueryNodeService queryNode(NodeAddress address);

    WriteNodeService writeNode(NodeAddress address);
}
