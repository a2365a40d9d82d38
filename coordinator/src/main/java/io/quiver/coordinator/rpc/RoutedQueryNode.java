package io.quiver.coordinator.rpc;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.NodeAddress;
import io.quiver.coordinator.node.QueryNodeService;
import io.quiver.coordinator.node.ShardQueryRequest;
import io.quiver.coordinator.node.ShardQueryResult;
import io.quiver.coordinator.node.ShardSearchRequest;
import io.quiver.coordinator.node.ShardSearchResult;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query node serving one shard, wherever it currently is. A call goes to the cached route; if that
 * node is unavailable the route is dropped and the call retried (after the retry backoff) on the route the
 * leader gives now; if the node answers that it does not serve the shard and the leader names another node,
 * the call moves there. Retries stop at the request's timeout.
 */
final class RoutedQueryNode implements QueryNodeService {
    private static final Logger LOG = LoggerFactory.getLogger(RoutedQueryNode.class);

    private final RemoteCoordinator coordinator;
    private final long collectionId;
    private final int shard;

    RoutedQueryNode(RemoteCoordinator coordinator, long collectionId, int shard) {
        this.coordinator = coordinator;
        this.collectionId = collectionId;
        this.shard = shard;
    }

    @Override
    public void loadShard(CollectionInfo collection, int shardNumber) {
        routed(callTimeout(), node -> {
            node.loadShard(collection, shardNumber);
            return null;
        });
    }

    @Override
    public void releaseShard(long id, int shardNumber) {
        routed(callTimeout(), node -> {
            node.releaseShard(id, shardNumber);
            return null;
        });
    }

    @Override
    public int loadProgress(long id, int shardNumber) {
        return routed(callTimeout(), node -> node.loadProgress(id, shardNumber));
    }

    @Override
    public ShardSearchResult search(ShardSearchRequest request) {
        return routed(request.timeout(), node -> node.search(request));
    }

    /**
     * A loaded collection's rows are counted where the shard is served (the cached route); an unloaded
     * collection's on whichever live query node the leader names now, which reads the shard transiently.
     */
    @Override
    public long countRows(CollectionInfo collection, int shardNumber, long timestamp, Duration timeout) {
        if (!collection.loaded()) {
            return unrouted(timeout, node -> node.countRows(collection, shardNumber, timestamp, timeout));
        }
        return routed(timeout, node -> node.countRows(collection, shardNumber, timestamp, timeout));
    }

    @Override
    public ShardQueryResult query(ShardQueryRequest request) {
        return routed(request.timeout(), node -> node.query(request));
    }

    private Duration callTimeout() {
        return coordinator.config().callTimeout();
    }

    private <T> T routed(Duration timeout, Function<QueryNodeService, T> call) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration backoff = coordinator.config().retryBackoff();
        while (true) {
            NodeAddress address = coordinator.route(collectionId, shard, deadline);
            try {
                return call.apply(coordinator.node(address));
            } catch (QuiverException e) {
                if (e.code() == ErrorCode.UNAVAILABLE) {
                    coordinator.invalidateRoute(collectionId, shard, address);
                    if (System.nanoTime() + backoff.toNanos() > deadline) {
                        throw e;
                    }
                    LOG.debug(
                            "shard {} of collection {}: {}; looking up its route again",
                            shard,
                            collectionId,
                            e.getMessage());
                    RemoteCoordinator.pause(backoff);
                } else if (e.code() == ErrorCode.COLLECTION_NOT_LOADED && System.nanoTime() < deadline) {
                    coordinator.invalidateRoute(collectionId, shard, address);
                    NodeAddress now = coordinator.route(collectionId, shard, deadline);
                    if (now.equals(address)) {
                        throw e;
                    }
                    LOG.info("shard {} of collection {} moved from {} to {}", shard, collectionId, address, now);
                } else {
                    throw e;
                }
            }
        }
    }

    /** Calls the node the leader names now (no cached route), retrying unavailable nodes until the timeout. */
    private <T> T unrouted(Duration timeout, Function<QueryNodeService, T> call) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration backoff = coordinator.config().retryBackoff();
        while (true) {
            NodeAddress address = coordinator.askRoute(collectionId, shard, deadline);
            try {
                return call.apply(coordinator.node(address));
            } catch (QuiverException e) {
                if (e.code() != ErrorCode.UNAVAILABLE || System.nanoTime() + backoff.toNanos() > deadline) {
                    throw e;
                }
                LOG.debug(
                        "shard {} of collection {}: {}; asking the leader again", shard, collectionId, e.getMessage());
                RemoteCoordinator.pause(backoff);
            }
        }
    }

    @Override
    public String toString() {
        return "query node of shard " + shard + " of collection " + collectionId;
    }
}
