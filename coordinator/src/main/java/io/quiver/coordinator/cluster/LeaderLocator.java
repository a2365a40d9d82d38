package io.quiver.coordinator.cluster;

import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.Watch;
import io.quiver.common.meta.WatchEvent;
import io.quiver.coordinator.NodeAddress;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the coordinator leader is, for proxies and nodes: the {@code cluster/leader} key, followed by a
 * watch; {@link #get} returns null while there is no leader (a failover in progress).
 */
public final class LeaderLocator implements Supplier<NodeAddress>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderLocator.class);

    private final MetaStore metaStore;
    private volatile NodeAddress leader;
    private volatile Watch watch;

    private LeaderLocator(MetaStore metaStore) {
        this.metaStore = metaStore;
    }

    public static LeaderLocator follow(MetaStore metaStore) {
        LeaderLocator locator = new LeaderLocator(metaStore);
        locator.readAndWatch();
        return locator;
    }

    private void readAndWatch() {
        long revision = metaStore.revision();
        leader = metaStore.get(ClusterKeys.LEADER).map(LeaderElection::decode).orElse(null);
        watch = metaStore.watch(ClusterKeys.LEADER, revision, this::onEvent);
    }

    private void onEvent(WatchEvent event) {
        if (!event.key().equals(ClusterKeys.LEADER) && event.type() != WatchEvent.Type.COMPACTED) {
            return; // a key that merely shares the prefix
        }
        switch (event.type()) {
            case PUT -> {
                leader = LeaderElection.decode(event.value());
                LOG.info("coordinator leader is {}", leader);
            }
            case DELETE -> {
                leader = null;
                LOG.info("coordinator leader left; waiting for a new one");
            }
            case COMPACTED -> readAndWatch();
        }
    }

    @Override
    public NodeAddress get() {
        NodeAddress current = leader;
        if (current == null) {
            // the watch may lag a just-elected leader: ask once
            current = metaStore
                    .get(ClusterKeys.LEADER)
                    .map(LeaderElection::decode)
                    .orElse(null);
            leader = current;
        }
        return current;
    }

    @Override
    public void close() {
        Watch running = watch;
        if (running != null) {
            running.close();
        }
    }
}
