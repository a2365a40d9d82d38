package io.quiver.coordinator;

import static java.util.Objects.requireNonNull;

/**
 * Where a role's internal RPC service listens in a cluster.
 *
 * @param nodeId the node's id in the node registry
 * @param host a host name or IP address
 * @param port a TCP port, 1 to 65535
 */
public record NodeAddress(String nodeId, String host, int port) {
    public NodeAddress {
        requireNonNull(nodeId, "nodeId");
        requireNonNull(host, "host");
        if (nodeId.isBlank()) {
            throw new IllegalArgumentException("node id must not be blank (host " + host + ", port " + port + ")");
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("host of node '" + nodeId + "' must not be blank");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(
                    "port " + port + " of node '" + nodeId + "' is out of range (1 to 65535)");
        }
    }

    /** {@code host:port}, the gRPC target. */
    public String target() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return nodeId + " at " + target();
    }
}
