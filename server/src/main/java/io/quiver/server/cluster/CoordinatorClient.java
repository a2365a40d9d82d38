package io.quiver.server.cluster;

import io.quiver.common.meta.MetaStore;
import io.quiver.coordinator.CoordinatorConfig;
import io.quiver.coordinator.cluster.ClusterLayout;
import io.quiver.coordinator.cluster.LeaderLocator;
import io.quiver.coordinator.internal.ChannelLayout;
import io.quiver.coordinator.internal.MetaStoreCatalog;
import io.quiver.coordinator.internal.MetaStoreIdAllocator;
import io.quiver.coordinator.rpc.RemoteCoordinator;
import io.quiver.coordinator.rpc.RemoteCoordinatorConfig;
import io.quiver.coordinator.rpc.RpcChannels;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a proxy or node uses of the cluster's control plane: the shared catalog (read and written in
 * the meta store directly, under compare-and-set) and the coordinator leader (timestamps, ticks, load,
 * flush) reached over RPC wherever the election put it.
 */
final class CoordinatorClient {
    private CoordinatorClient() {}

    static RemoteCoordinator open(MetaStore metaStore, ClusterConfig config, ProcessResources resources) {
        ChannelLayout layout = ClusterLayout.agree(
                metaStore, new ChannelLayout(CoordinatorConfig.DEFAULTS.channelPrefix(), config.channels()));
        LeaderLocator leader = resources.track(LeaderLocator.follow(metaStore));
        RpcChannels channels = resources.track(new RpcChannels());
        AtomicReference<RemoteCoordinator> remote = new AtomicReference<>();
        MetaStoreCatalog catalog = resources.track(MetaStoreCatalog.open(
                metaStore,
                new MetaStoreIdAllocator(metaStore),
                () -> remote.get().timestampOracle().allocate(),
                layout));
        RemoteCoordinator coordinator =
                resources.track(new RemoteCoordinator(leader, catalog, channels, RemoteCoordinatorConfig.DEFAULTS));
        remote.set(coordinator);
        return coordinator;
    }
}
