package io.quiver.server.cluster;

import io.quiver.common.meta.MetaStore;
import io.quiver.coordinator.NodeAddress;
import io.quiver.coordinator.cluster.AssignedChannels;
import io.quiver.coordinator.cluster.NodeRole;
import io.quiver.coordinator.cluster.NodeSession;
import io.quiver.coordinator.rpc.RemoteCoordinator;
import io.quiver.coordinator.rpc.WriteNodeRpcService;
import io.quiver.writenode.WriteNode;
import io.quiver.writenode.WriteNodeConfig;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code quiver writenode}: consumes the channels the leader assigns it into binlogs and index files. */
public final class WriteNodeProcess extends ClusterRole {
    private static final Logger LOG = LoggerFactory.getLogger(WriteNodeProcess.class);

    public static WriteNodeProcess start(ClusterConfig config, Map<String, String> environment, Runnable onLost)
            throws InterruptedException {
        return started(new WriteNodeProcess(), process -> process.run(config, environment, onLost));
    }

    private void run(ClusterConfig config, Map<String, String> environment, Runnable onLost) {
        MetaStore metaStore = resources.track(ClusterBackends.metaStore(config));
        var log = resources.track(ClusterBackends.log(config));
        var objects = resources.track(ClusterBackends.objects(config, environment));
        RemoteCoordinator coordinator = CoordinatorClient.open(metaStore, config, resources);
        int cores = Runtime.getRuntime().availableProcessors();
        WriteNode writeNode = resources.track(new WriteNode(
                log,
                objects,
                coordinator.catalog(),
                List.of(),
                WriteNodeConfig.forHeap(Runtime.getRuntime().maxMemory()),
                resources.fixedPool(Math.max(2, cores), "writenode-worker")));
        writeNode.start();
        server = resources.track(RpcServers.start(config.host(), config.rpcPort(), new WriteNodeRpcService(writeNode)));
        NodeAddress address =
                new NodeAddress(config.nodeIdOr("writenode", server.port()), config.host(), server.port());
        resources.track(AssignedChannels.follow(metaStore, address.nodeId(), writeNode::assign));
        resources.track(NodeSession.register(
                metaStore, NodeRole.WRITE_NODE, address, config.sessionTtl(), Clock.systemUTC(), onLost));
        LOG.info("write node {} ready", address);
    }
}
