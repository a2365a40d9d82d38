package io.quiver.coordinator.cluster;

import io.quiver.coordinator.NodeAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which write node consumes each physical channel. Write nodes follow their assignments in the meta
 * store ({@link AssignedChannels}); a channel whose node left goes to the least loaded live one, which
 * resumes from the catalog's checkpoints. Only {@link ClusterPlacement}'s control thread changes it.
 */
final class ChannelPlacement {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelPlacement.class);

    private final List<String> channels;
    private final PlacementWriter writer;
    // read by flush requests while the control thread changes it
    private final Map<String, String> owners = new java.util.concurrent.ConcurrentSkipListMap<>();

    ChannelPlacement(List<String> channels, PlacementWriter writer) {
        this.channels = List.copyOf(channels);
        this.writer = writer;
    }

    void load() {
        owners.putAll(writer.read(ClusterKeys.CHANNEL_ASSIGNMENTS));
    }

    void reconcile(List<NodeAddress> writeNodes) {
        List<String> live = writeNodes.stream().map(NodeAddress::nodeId).toList();
        Map<String, String> target = Balancer.assign(channels, owners, live);
        target.forEach((channel, node) -> {
            if (!node.equals(owners.get(channel))) {
                writer.put(ClusterKeys.channelAssignment(channel), node);
                LOG.info("channel {} assigned to write node '{}' (was '{}')", channel, node, owners.get(channel));
                owners.put(channel, node);
            }
        });
    }

    Optional<String> owner(String channel) {
        return Optional.ofNullable(owners.get(channel));
    }
}
