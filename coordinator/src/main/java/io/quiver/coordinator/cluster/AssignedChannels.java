package io.quiver.coordinator.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.quiver.common.meta.KeyValue;
import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.Watch;
import io.quiver.common.meta.WatchEvent;
import java.util.List;
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
    private MetaStore metaStore;
    private volatile Watch watch;

    private AssignedChannels(String nodeId, Consumer<Set<String>> onChange) {
        this.nodeId = nodeId;
        this.onChange = onChange;
    }

    public static AssignedChannels follow(MetaStore metaStore, String nodeId, Consumer<Set<String>> onChange) {
        AssignedChannels assigned = new AssignedChannels(nodeId, onChange);
        assigned.metaStore = metaStore;
        assigned.readAndWatch();
        return assigned;
    }

    private void readAndWatch() {
        long revision = metaStore.revision();
        List<KeyValue> assignments = metaStore.range(ClusterKeys.CHANNEL_ASSIGNMENTS);
        synchronized (this) {
            owners.clear();
            for (KeyValue kv : assignments) {
                apply(kv.key(), new String(kv.value(), UTF_8), false);
            }
        }
        publish();
        watch = metaStore.watch(ClusterKeys.CHANNEL_ASSIGNMENTS, revision, this::onEvent);
    }

    private void onEvent(WatchEvent event) {
        if (event.type() == WatchEvent.Type.COMPACTED) {
            readAndWatch();
            return;
        }
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
        Watch watch = this.watch;
        if (watch != null) {
            watch.close();
        }
    }
}
