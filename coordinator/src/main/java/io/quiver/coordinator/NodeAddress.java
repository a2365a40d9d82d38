package io.quiver.coordinator;

import static java.util.Objects.requireNonNull;

/** Where a node of the cluster serves its RPC: its id and its host and port. */
public record NodeAddress(String nodeId, String host, int port) {
    public NodeAddress {
        requireNonNull(nodeId, "nodeId");
        requireNonNull(host, "host");
        if (nodeId.isBlank()) {
            throw new IllegalArgumentException("node id is blank");
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("host of node '" + nodeId + "' is blank");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " of node '" + nodeId + "' is not between 1 and 65535");
        }
    }

    /** {@code host:port}. */
    public String target() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return nodeId + "@" + target();
    }
}
