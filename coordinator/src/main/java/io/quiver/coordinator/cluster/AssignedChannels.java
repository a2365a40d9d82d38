package io.quiver.coordinator.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.quiver.common.meta.KeyValue;
import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.Watch;
import io.quiver.common.meta.WatchEvent;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A write node's view of the channels the leader assigned to it: calls {@code onChange} with the whole
 * set at start and after every change, on the meta store's watch thread.
 */
public final class AssignedChannels implements AutoCloseable {
    private final String nodeId;
    private final Consumer<Set<String>> onChange;
    private final Map<String, String> owners = new TreeMap<>();
    private Set<String> last = Set.of();
    private Watch watch;

    private AssignedChannels(String nodeId, Consumer<Set<String>> onChange) {
        this.nodeId = nodeId;
        this.onChange = onChange;
    }

    public static AssignedChannels follow(MetaStore metaStore, String nodeId, Consumer<Set<String>> onChange) {
        AssignedChannels assigned = new AssignedChannels(nodeId, onChange);
        long revision = metaStore.revision();
        for (KeyValue kv : metaStore.range(ClusterKeys.CHANNEL_ASSIGNMENTS)) {
            assigned.apply(kv.key(), new String(kv.value(), UTF_8), false);
        }
        assigned.publish();
        assigned.watch = metaStore.watch(ClusterKeys.CHANNEL_ASSIGNMENTS, revision, assigned::onEvent);
        return assigned;
    }

    private void onEvent(WatchEvent event) {
        apply(event.key(), new String(event.value(), UTF_8), event.type() == WatchEvent.Type.DELETE);
        publish();
    }

    private synchronized void apply(String key, String owner, boolean deleted) {
        String channel = key.substring(ClusterKeys.CHANNEL_ASSIGNMENTS.length());
        if (deleted) {
            owners.remove(channel);
        } else {
            owners.put(channel, owner);
        }
    }

    private synchronized void publish() {
        Set<String> mine = new TreeSet<>();
        owners.forEach((channel, owner) -> {
            if (owner.equals(nodeId)) {
                mine.add(channel);
            }
        });
        if (!mine.equals(last)) {
            last = Set.copyOf(mine);
            onChange.accept(last);
        }
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
    }
}
