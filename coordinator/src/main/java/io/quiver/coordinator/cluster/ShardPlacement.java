package io.quiver.coordinator.cluster;

import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.NodeAddress;
import io.quiver.coordinator.node.QueryNodeService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which query node serves each shard of each loaded collection. A shard whose node left is served by
 * the least loaded live node at once (its reads wait while it loads from object storage and replays the
 * log). A shard moved to balance load is loaded on its new node first and routed there only once that
 * node reports 100%; the old node releases it after a grace period, so no search fails because of the
 * move. Only {@link ClusterPlacement}'s control thread changes it; {@link #serving} may be read by any thread.
 */
final class ShardPlacement {
    private static final Logger LOG = LoggerFactory.getLogger(ShardPlacement.class);

    private record Release(String nodeId, ShardKey shard, Instant due) {}

    private final PlacementWriter writer;
    private final NodeClients clients;
    private final Duration releaseGrace;
    // read by request threads (routes) while the control thread changes it
    private final Map<ShardKey, String> serving = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final Map<ShardKey, String> moving = new TreeMap<>();
    private final Set<ShardKey> unconfirmed = new HashSet<>();
    private final List<Release> releases = new ArrayList<>();

    ShardPlacement(PlacementWriter writer, NodeClients clients, Duration releaseGrace) {
        this.writer = writer;
        this.clients = clients;
        this.releaseGrace = releaseGrace;
    }

    /** Reads the placement a previous leader left; every shard is re-sent to its node once. */
    void load() {
        writer.read(ClusterKeys.SHARD_ASSIGNMENTS).forEach((key, node) -> {
            String[] parts = key.split("/");
            ShardKey shard = new ShardKey(Long.parseLong(parts[0]), Integer.parseInt(parts[1]));
            serving.put(shard, node);
            unconfirmed.add(shard);
        });
    }

    Optional<String> serving(ShardKey shard) {
        return Optional.ofNullable(serving.get(shard));
    }

    void reconcile(List<CollectionInfo> loaded, ClusterMembers members, Instant now) {
        Map<ShardKey, CollectionInfo> wanted = new TreeMap<>();
        for (CollectionInfo collection : loaded) {
            for (int shard = 0; shard < collection.shards(); shard++) {
                wanted.put(new ShardKey(collection.id(), shard), collection);
            }
        }
        dropUnwanted(wanted.keySet(), members, now);
        List<String> live = members.nodes(NodeRole.QUERY_NODE).stream()
                .map(NodeAddress::nodeId)
                .toList();
        serving.entrySet().removeIf(e -> {
            boolean gone = !live.contains(e.getValue());
            if (gone) {
                LOG.warn("query node '{}' serving shard {} left; moving the shard", e.getValue(), e.getKey());
            }
            return gone;
        });
        moving.entrySet().removeIf(e -> !live.contains(e.getValue()));
        Map<ShardKey, String> target = Balancer.assign(wanted.keySet(), serving, live);
        target.forEach((shard, node) -> place(wanted.get(shard), shard, node, members, now));
        for (ShardKey shard : List.copyOf(unconfirmed)) {
            if (wanted.containsKey(shard)) {
                confirm(wanted.get(shard), shard, members);
            } else {
                unconfirmed.remove(shard);
            }
        }
        releaseDue(members, now);
    }

    private void place(CollectionInfo collection, ShardKey shard, String node, ClusterMembers members, Instant now) {
        String current = serving.get(shard);
        if (current == null) {
            serving.put(shard, node);
            writer.put(ClusterKeys.shardAssignment(shard.collectionId(), shard.shard()), node);
            LOG.info("shard {} of collection '{}' served by query node '{}'", shard, collection.name(), node);
            unconfirmed.add(shard);
            confirm(collection, shard, members);
        } else if (current.equals(node)) {
            String abandoned = moving.remove(shard);
            if (abandoned != null) {
                releases.add(new Release(abandoned, shard, now));
            }
        } else {
            moveStep(collection, shard, current, node, members, now);
        }
    }

    private void moveStep(
            CollectionInfo collection, ShardKey shard, String from, String to, ClusterMembers members, Instant now) {
        String previousTarget = moving.put(shard, to);
        if (previousTarget != null && !previousTarget.equals(to)) {
            releases.add(new Release(previousTarget, shard, now));
        }
        Optional<QueryNodeService> target =
                members.node(NodeRole.QUERY_NODE, to).map(clients::queryNode);
        if (target.isEmpty()) {
            return;
        }
        try {
            if (previousTarget == null || !previousTarget.equals(to)) {
                LOG.info("moving shard {} of collection '{}' from '{}' to '{}'", shard, collection.name(), from, to);
                target.get().loadShard(collection, shard.shard());
                return;
            }
            if (target.get().loadProgress(shard.collectionId(), shard.shard()) >= 100) {
                serving.put(shard, to);
                moving.remove(shard);
                writer.put(ClusterKeys.shardAssignment(shard.collectionId(), shard.shard()), to);
                releases.add(new Release(from, shard, now.plus(releaseGrace)));
                LOG.info(
                        "shard {} now served by '{}'; '{}' releases it in {} s",
                        shard,
                        to,
                        from,
                        releaseGrace.toSeconds());
            }
        } catch (RuntimeException e) {
            LOG.warn("moving shard {} to '{}' failed; retrying: {}", shard, to, e.toString());
            moving.remove(shard);
        }
    }

    private void confirm(CollectionInfo collection, ShardKey shard, ClusterMembers members) {
        String node = serving.get(shard);
        Optional<NodeAddress> address = node == null ? Optional.empty() : members.node(NodeRole.QUERY_NODE, node);
        if (address.isEmpty()) {
            return;
        }
        try {
            clients.queryNode(address.get()).loadShard(collection, shard.shard());
            unconfirmed.remove(shard);
        } catch (RuntimeException e) {
            LOG.warn("query node {} did not take shard {}; retrying: {}", address.get(), shard, e.toString());
        }
    }

    private void dropUnwanted(Set<ShardKey> wanted, ClusterMembers members, Instant now) {
        for (ShardKey shard : List.copyOf(serving.keySet())) {
            if (!wanted.contains(shard)) {
                String node = serving.remove(shard);
                writer.delete(ClusterKeys.shardAssignment(shard.collectionId(), shard.shard()));
                releases.add(new Release(node, shard, now));
                String target = moving.remove(shard);
                if (target != null) {
                    releases.add(new Release(target, shard, now));
                }
            }
        }
    }

    private void releaseDue(ClusterMembers members, Instant now) {
        releases.removeIf(release -> {
            if (release.due().isAfter(now)) {
                return false;
            }
            if (release.nodeId().equals(serving.get(release.shard()))
                    || release.nodeId().equals(moving.get(release.shard()))) {
                return true; // placed back on that node meanwhile: keep it
            }
            members.node(NodeRole.QUERY_NODE, release.nodeId()).ifPresent(address -> {
                try {
                    clients.queryNode(address)
                            .releaseShard(
                                    release.shard().collectionId(),
                                    release.shard().shard());
                } catch (RuntimeException e) {
                    LOG.warn("query node {} did not release shard {}: {}", address, release.shard(), e.toString());
                }
            });
            return true;
        });
    }
}
