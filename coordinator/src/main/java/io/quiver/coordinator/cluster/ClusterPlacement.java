package io.quiver.coordinator.cluster;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.meta.MetaStore;
import io.quiver.coordinator.Catalog;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.NodeAddress;
import io.quiver.coordinator.Placement;
import io.quiver.coordinator.node.QueryNodeService;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's placement of work on the cluster's nodes: physical channels on write nodes
 * ({@link ChannelPlacement}) and shard replicas on query nodes ({@link ShardPlacement}). One control
 * thread reconciles both with the live nodes every {@link PlacementConfig#interval} and at once when a
 * node joins or leaves; load and release reconcile on the caller's thread. Every placement write is
 * guarded by the leader's election, and a refused write means this node was deposed: it calls
 * {@code onDeposed} (the coordinator process exits and restarts as a standby).
 */
public final class ClusterPlacement implements Placement, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterPlacement.class);

    private final Catalog catalog;
    private final NodeClients clients;
    private final PlacementConfig config;
    private final Clock clock;
    private final Runnable onDeposed;
    private final ChannelPlacement channels;
    private final ShardPlacement shards;
    private final Object signal = new Object();
    private boolean wanted;
    private volatile boolean running = true;
    private ClusterMembers members;
    private Thread control;

    private ClusterPlacement(
            MetaStore metaStore,
            Catalog catalog,
            LeaderElection election,
            List<String> physicalChannels,
            NodeClients clients,
            PlacementConfig config,
            Clock clock,
            Runnable onDeposed) {
        this.catalog = catalog;
        this.clients = clients;
        this.config = config;
        this.clock = clock;
        this.onDeposed = onDeposed;
        PlacementWriter writer = new PlacementWriter(metaStore, election);
        this.channels = new ChannelPlacement(physicalChannels, writer);
        this.shards = new ShardPlacement(writer, clients, config.releaseGrace());
    }

    /** Starts placing work; call once this coordinator leads. */
    public static ClusterPlacement start(
            MetaStore metaStore,
            Catalog catalog,
            LeaderElection election,
            List<String> physicalChannels,
            NodeClients clients,
            PlacementConfig config,
            Clock clock,
            Runnable onDeposed) {
        ClusterPlacement placement =
                new ClusterPlacement(metaStore, catalog, election, physicalChannels, clients, config, clock, onDeposed);
        placement.channels.load();
        placement.shards.load();
        placement.members = ClusterMembers.follow(metaStore, placement::wake);
        placement.control = new Thread(placement::run, "coordinator-placement");
        placement.control.setDaemon(true);
        placement.control.start();
        return placement;
    }

    /** The live nodes as this leader sees them. */
    public ClusterMembers members() {
        return members;
    }

    private void wake() {
        synchronized (signal) {
            wanted = true;
            signal.notifyAll();
        }
    }

    private void run() {
        while (running) {
            reconcile();
            synchronized (signal) {
                if (!wanted && running) {
                    try {
                        signal.wait(config.interval().toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                wanted = false;
            }
        }
    }

    private synchronized void reconcile() {
        if (!running) {
            return;
        }
        try {
            channels.reconcile(members.nodes(NodeRole.WRITE_NODE));
            List<CollectionInfo> loaded = catalog.collections(Catalog.DEFAULT_DATABASE).stream()
                    .filter(CollectionInfo::loaded)
                    .toList();
            shards.reconcile(loaded, members, clock.instant());
        } catch (QuiverException e) {
            if (e.code() == ErrorCode.CONFLICT) {
                LOG.error("placement stopped: {}", e.getMessage());
                running = false;
                onDeposed.run();
            } else {
                LOG.warn("placement round failed; retrying: {}", e.toString());
            }
        } catch (RuntimeException e) {
            LOG.warn("placement round failed; retrying", e);
        }
    }

    @Override
    public void load(CollectionInfo collection) {
        reconcile();
    }

    @Override
    public void release(CollectionInfo collection) {
        reconcile();
    }

    @Override
    public int loadProgress(CollectionInfo collection) {
        int progress = 100;
        for (int shard = 0; shard < collection.shards(); shard++) {
            progress = Math.min(progress, shardProgress(collection.id(), shard));
        }
        return progress;
    }

    private int shardProgress(long collectionId, int shard) {
        try {
            return queryNode(collectionId, shard).loadProgress(collectionId, shard);
        } catch (QuiverException e) {
            return 0;
        }
    }

    /** The address of the query node serving a shard, or null while it has none. */
    public NodeAddress route(long collectionId, int shard) {
        String node;
        synchronized (this) {
            node = shards.serving(new ShardKey(collectionId, shard)).orElse(null);
        }
        return node == null ? null : members.node(NodeRole.QUERY_NODE, node).orElse(null);
    }

    /**
     * The query node to read a shard from: the one serving it; for a collection that is not loaded
     * (its row count is read transiently, {@link QueryNodeService#countRows}), a live query node picked by
     * the shard so the shards of one collection spread over the nodes. Null while a loaded shard has no
     * node yet or no query node is live.
     */
    public NodeAddress readRoute(long collectionId, int shard) {
        NodeAddress serving = route(collectionId, shard);
        if (serving != null) {
            return serving;
        }
        boolean loaded =
                catalog.findCollection(collectionId).map(CollectionInfo::loaded).orElse(false);
        if (loaded) {
            return null;
        }
        List<NodeAddress> live = members.nodes(NodeRole.QUERY_NODE).stream()
                .sorted(Comparator.comparing(NodeAddress::nodeId))
                .toList();
        if (live.isEmpty()) {
            return null;
        }
        return live.get(Math.floorMod(Long.hashCode(collectionId) * 31 + shard, live.size()));
    }

    @Override
    public QueryNodeService queryNode(long collectionId, int shard) {
        NodeAddress address = route(collectionId, shard);
        if (address == null) {
            throw new QuiverException(
                    ErrorCode.UNAVAILABLE,
                    "shard " + shard + " of collection " + collectionId + " has no live query node yet; retry");
        }
        return clients.queryNode(address);
    }

    @Override
    public void flush(CollectionInfo collection, long timestamp) {
        Set<NodeAddress> owners = new LinkedHashSet<>();
        for (String channel : collection.channels()) {
            NodeAddress owner = channels.owner(channel)
                    .flatMap(node -> members.node(NodeRole.WRITE_NODE, node))
                    .orElse(null);
            if (owner == null) {
                throw new QuiverException(
                        ErrorCode.UNAVAILABLE,
                        "channel " + channel + " of collection '" + collection.name()
                                + "' has no live write node; retry when one has joined");
            }
            owners.add(owner);
        }
        for (NodeAddress owner : owners) {
            clients.writeNode(owner).flush(collection.id(), timestamp);
        }
    }

    @Override
    public void close() {
        running = false;
        wake();
        if (control != null) {
            try {
                control.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (members != null) {
            members.close();
        }
    }
}
