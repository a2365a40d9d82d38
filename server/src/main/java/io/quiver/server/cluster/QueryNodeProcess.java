package io.quiver.server.cluster;

import io.quiver.common.meta.MetaStore;
import io.quiver.coordinator.NodeAddress;
import io.quiver.coordinator.cluster.NodeRole;
import io.quiver.coordinator.cluster.NodeSession;
import io.quiver.coordinator.rpc.QueryNodeRpcService;
import io.quiver.coordinator.rpc.RemoteCoordinator;
import io.quiver.querynode.QueryNode;
import io.quiver.querynode.QueryNodeConfig;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code quiver querynode}: serves the shard replicas the leader places on it, loading their sealed
 * segments from object storage and replaying the log tail.
 */
public final class QueryNodeProcess extends ClusterRole {
    private static final Logger LOG = LoggerFactory.getLogger(QueryNodeProcess.class);

    public static QueryNodeProcess start(ClusterConfig config, Map<String, String> environment, Runnable onLost)
            throws InterruptedException {
        return started(new QueryNodeProcess(), process -> process.run(config, environment, onLost));
    }

    private void run(ClusterConfig config, Map<String, String> environment, Runnable onLost) {
        MetaStore metaStore = resources.track(ClusterBackends.metaStore(config));
        var log = resources.track(ClusterBackends.log(config));
        var objects = resources.track(ClusterBackends.objects(config, environment));
        RemoteCoordinator coordinator = CoordinatorClient.open(metaStore, config, resources);
        int cores = Runtime.getRuntime().availableProcessors();
        QueryNode queryNode = resources.track(new QueryNode(
                log,
                objects,
                coordinator.catalog(),
                QueryNodeConfig.DEFAULTS,
                resources.fixedPool(Math.max(2, cores), "querynode-worker")));
        server = resources.track(RpcServers.start(
                config.host(), config.rpcPort(), new QueryNodeRpcService(queryNode, coordinator.catalog())));
        NodeAddress address =
                new NodeAddress(config.nodeIdOr("querynode", server.port()), config.host(), server.port());
        resources.track(NodeSession.register(
                metaStore, NodeRole.QUERY_NODE, address, config.sessionTtl(), Clock.systemUTC(), onLost));
        LOG.info("query node {} ready", address);
    }
}
