package io.quiver.server.cluster;

import io.quiver.common.meta.MetaStore;
import io.quiver.coordinator.NodeAddress;
import io.quiver.coordinator.cluster.NodeRole;
import io.quiver.coordinator.cluster.NodeSession;
import io.quiver.coordinator.rpc.RemoteCoordinator;
import io.quiver.proxy.Proxy;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code quiver proxy}: a stateless Milvus API front end; any number can run. */
public final class ProxyProcess extends ClusterRole {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyProcess.class);

    public static ProxyProcess start(ClusterConfig config, Runnable onLost) throws InterruptedException {
        return started(new ProxyProcess(), process -> process.run(config, onLost));
    }

    private void run(ClusterConfig config, Runnable onLost) {
        MetaStore metaStore = resources.track(ClusterBackends.metaStore(config));
        var log = resources.track(ClusterBackends.log(config));
        RemoteCoordinator coordinator = CoordinatorClient.open(metaStore, config, resources);
        String nodeId = config.nodeIdOr("proxy", config.milvusPort());
        Proxy proxy = resources.track(
                new Proxy(coordinator, log, resources.cachedPool("proxy-read"), config.readTimeout(), nodeId));
        proxy.start();
        server = resources.track(RpcServers.start(config.host(), config.milvusPort(), proxy.service()));
        NodeAddress address = new NodeAddress(nodeId, config.host(), server.port());
        resources.track(NodeSession.register(
                metaStore, NodeRole.PROXY, address, config.sessionTtl(), Clock.systemUTC(), onLost));
        LOG.info("proxy {} serving the Milvus API on {}", nodeId, address.target());
    }
}
