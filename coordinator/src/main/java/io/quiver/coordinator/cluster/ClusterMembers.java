package io.quiver.coordinator.cluster;

import io.quiver.common.meta.KeyValue;
import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.Watch;
import io.quiver.common.meta.WatchEvent;
import io.quiver.coordinator.NodeAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live nodes of the cluster, by role, as their sessions in the meta store say; follows joins and
 * expiries through a watch and calls a listener after each change.
 */
public final class ClusterMembers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterMembers.class);

    private final Map<NodeRole, Map<String, NodeAddress>> live = new EnumMap<>(NodeRole.class);
    private final Runnable onChange;
    private MetaStore metaStore;
    private volatile Watch watch;

    private ClusterMembers(Runnable onChange) {
        this.onChange = onChange;
        for (NodeRole role : NodeRole.values()) {
            live.put(role, new TreeMap<>());
        }
    }

    /** Reads the current sessions and follows later changes. */
    public static ClusterMembers follow(MetaStore metaStore, Runnable onChange) {
        ClusterMembers members = new ClusterMembers(onChange);
        members.metaStore = metaStore;
        members.readAndWatch();
        return members;
    }

    private void readAndWatch() {
        long revision = metaStore.revision();
        List<KeyValue> sessions = metaStore.range(ClusterKeys.SESSIONS);
        synchronized (this) {
            live.values().forEach(Map::clear);
            for (KeyValue kv : sessions) {
                apply(kv.key(), kv.value(), false);
            }
        }
        watch = metaStore.watch(ClusterKeys.SESSIONS, revision, this::onEvent);
    }

    /** The live nodes of a role, ordered by node id. */
    public synchronized List<NodeAddress> nodes(NodeRole role) {
        return new ArrayList<>(live.get(role).values());
    }

    public synchronized boolean isLive(NodeRole role, String nodeId) {
        return live.get(role).containsKey(nodeId);
    }

    public synchronized java.util.Optional<NodeAddress> node(NodeRole role, String nodeId) {
        return java.util.Optional.ofNullable(live.get(role).get(nodeId));
    }

    private void onEvent(WatchEvent event) {
        if (event.type() == WatchEvent.Type.COMPACTED) {
            LOG.warn("session watch lost history to compaction; re-reading the sessions");
            readAndWatch();
            onChange.run();
            return;
        }
        apply(event.key(), event.value(), event.type() == WatchEvent.Type.DELETE);
        onChange.run();
    }

    private synchronized void apply(String key, byte[] value, boolean deleted) {
        String[] parts = key.substring(ClusterKeys.SESSIONS.length()).split("/", 2);
        if (parts.length != 2) {
            return;
        }
        NodeRole role = roleOf(parts[0]);
        if (role == null) {
            return;
        }
        if (deleted) {
            if (live.get(role).remove(parts[1]) != null) {
                LOG.info("{} '{}' left the cluster", role.key(), parts[1]);
            }
        } else {
            NodeAddress address = NodeSession.decode(parts[1], value);
            if (!address.equals(live.get(role).put(parts[1], address))) {
                LOG.info("{} {} joined the cluster", role.key(), address);
            }
        }
    }

    private static NodeRole roleOf(String key) {
        for (NodeRole role : NodeRole.values()) {
            if (role.key().equals(key)) {
                return role;
            }
        }
        return null;
    }

    @Override
    public void close() {
        Watch watch = this.watch;
        if (watch != null) {
            watch.close();
        }
    }
}
