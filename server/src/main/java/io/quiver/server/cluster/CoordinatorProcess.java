package io.quiver.server.cluster;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.meta.MetaStore;
import io.quiver.coordinator.CoordinatorConfig;
import io.quiver.coordinator.CoordinatorNode;
import io.quiver.coordinator.NodeAddress;
import io.quiver.coordinator.cluster.ClusterLayout;
import io.quiver.coordinator.cluster.ClusterPlacement;
import io.quiver.coordinator.cluster.LeaderElection;
import io.quiver.coordinator.cluster.NodeClients;
import io.quiver.coordinator.cluster.NodeRole;
import io.quiver.coordinator.cluster.NodeSession;
import io.quiver.coordinator.cluster.PlacementConfig;
import io.quiver.coordinator.internal.ChannelLayout;
import io.quiver.coordinator.node.QueryNodeService;
import io.quiver.coordinator.node.WriteNodeService;
import io.quiver.coordinator.rpc.CoordinatorRpcService;
import io.quiver.coordinator.rpc.RemoteCoordinatorConfig;
import io.quiver.coordinator.rpc.RemoteQueryNode;
import io.quiver.coordinator.rpc.RemoteWriteNode;
import io.quiver.coordinator.rpc.RemoteWriters;
import io.quiver.coordinator.rpc.RpcChannels;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code quiver coordinator}: registers, waits to be elected (standbys wait here), then runs the
 * timestamp oracle, time ticks and placement, and serves the coordinator RPC. Before its first tick a
 * new leader lets proxies report their in-flight writes for {@link #WRITER_GRACE}, longer than a proxy's
 * write lease ({@link RemoteCoordinatorConfig#writeLease}), so no tick passes a write stamped under the
 * previous leader: the proxy has reported it to this leader by then, or it has stopped appending.
 */
public final class CoordinatorProcess extends ClusterRole {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorProcess.class);
    static final Duration WRITER_GRACE =
            RemoteCoordinatorConfig.DEFAULTS.writeLease().plus(Duration.ofMillis(500));

    public static CoordinatorProcess start(ClusterConfig config, Runnable onLost) throws InterruptedException {
        return started(new CoordinatorProcess(), process -> process.run(config, onLost));
    }

    private void run(ClusterConfig config, Runnable onLost) throws InterruptedException {
        Clock clock = Clock.systemUTC();
        MetaStore metaStore = resources.track(ClusterBackends.metaStore(config));
        ChannelLayout layout = ClusterLayout.agree(
                metaStore, new ChannelLayout(CoordinatorConfig.DEFAULTS.channelPrefix(), config.channels()));
        int port = config.rpcPort() == 0 ? RpcServers.freePort(config.host()) : config.rpcPort();
        NodeAddress address = new NodeAddress(config.nodeIdOr("coordinator", port), config.host(), port);
        NodeSession session = resources.track(
                NodeSession.register(metaStore, NodeRole.COORDINATOR, address, config.sessionTtl(), clock, onLost));
        LeaderElection election = new LeaderElection(metaStore, session);
        election.awaitLeadership(Duration.ofMillis(500));

        var log = resources.track(ClusterBackends.log(config));
        CoordinatorConfig coordinatorConfig = new CoordinatorConfig(
                layout.prefix(), layout.physicalChannels(), CoordinatorConfig.DEFAULTS.tickInterval());
        CoordinatorNode coordinator = resources.track(
                CoordinatorNode.openAsLeader(metaStore, log, coordinatorConfig, clock, List.of(election.guard())));
        RpcChannels channels = resources.track(new RpcChannels());
        RemoteCoordinatorConfig timeouts = RemoteCoordinatorConfig.DEFAULTS;
        NodeClients clients = new NodeClients() {
            @Override
            public QueryNodeService queryNode(NodeAddress node) {
                return new RemoteQueryNode(node, channels, timeouts.callTimeout());
            }

            @Override
            public WriteNodeService writeNode(NodeAddress node) {
                return new RemoteWriteNode(node, channels, timeouts.flushTimeout());
            }
        };
        ClusterPlacement placement = resources.track(ClusterPlacement.start(
                metaStore,
                coordinator.catalog(),
                election,
                coordinator.physicalChannels(),
                clients,
                PlacementConfig.defaults(),
                clock,
                onLost));
        coordinator.attach(placement);
        RemoteWriters writers = resources.track(new RemoteWriters(
                coordinator, coordinator::writersAdvanced, RemoteWriters.DEFAULT_EXPIRE_AFTER, clock));
        writers.start();
        server = resources.track(RpcServers.start(
                config.host(),
                port,
                new CoordinatorRpcService(
                        coordinator,
                        (collectionId, shard) -> {
                            NodeAddress route = placement.readRoute(collectionId, shard);
                            if (route == null) {
                                throw new QuiverException(
                                        ErrorCode.UNAVAILABLE,
                                        "shard " + shard + " of collection " + collectionId
                                                + " has no live query node yet");
                            }
                            return route;
                        },
                        writers,
                        election::confirm)));
        Thread.sleep(WRITER_GRACE.toMillis());
        coordinator.start();
        LOG.info("coordinator {} leads: {} channels, RPC on {}", address, layout.physicalChannels(), address.target());
    }
}
