package io.quiver.querynode;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.coordinator.Catalog;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.node.QueryNodeService;
import io.quiver.coordinator.node.ShardQueryRequest;
import io.quiver.coordinator.node.ShardQueryResult;
import io.quiver.coordinator.node.ShardSearchRequest;
import io.quiver.coordinator.node.ShardSearchResult;
import io.quiver.querynode.internal.ShardReplica;
import io.quiver.storage.ObjectStore;
import io.quiver.wal.WriteAheadLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The query node role: serves the shards the coordinator assigns to it. */
public final class QueryNode implements QueryNodeService, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueryNode.class);

    private record ShardId(long collectionId, int shard) {}

    private final WriteAheadLog log;
    private final ObjectStore store;
    private final Catalog catalog;
    private final QueryNodeConfig config;
    private final ExecutorService executor;
    private final Map<ShardId, ShardReplica> replicas = new ConcurrentHashMap<>();

    /**
     * @param executor runs index loads and builds of exact indexes; owned by the caller
     */
    public QueryNode(
            WriteAheadLog log, ObjectStore store, Catalog catalog, QueryNodeConfig config, ExecutorService executor) {
        this.log = log;
        this.store = store;
        this.catalog = catalog;
        this.config = config;
        this.executor = executor;
    }

    @Override
    public void loadShard(CollectionInfo collection, int shard) {
        replicas.computeIfAbsent(new ShardId(collection.id(), shard), id -> {
            LOG.info("loading shard {} of collection {} ('{}')", shard, collection.id(), collection.name());
            ShardReplica replica = new ShardReplica(collection, shard, log, store, catalog, config, executor);
            replica.start();
            return replica;
        });
    }

    @Override
    public void releaseShard(long collectionId, int shard) {
        ShardReplica replica = replicas.remove(new ShardId(collectionId, shard));
        if (replica != null) {
            replica.close();
            LOG.info("released shard {} of collection {}", shard, collectionId);
        }
    }

    @Override
    public int loadProgress(long collectionId, int shard) {
        ShardReplica replica = replicas.get(new ShardId(collectionId, shard));
        return replica == null ? 0 : replica.progress();
    }

    @Override
    public ShardSearchResult search(ShardSearchRequest request) {
        return replica(request.collectionId(), request.shard()).search(request);
    }

    @Override
    public ShardQueryResult query(ShardQueryRequest request) {
        return replica(request.collectionId(), request.shard()).query(request);
    }

    @Override
    public long countRows(CollectionInfo collection, int shard, long timestamp, Duration timeout) {
        ShardQueryRequest count = new ShardQueryRequest(
                collection.id(), shard, List.of(), "", List.of(), -1, true, timestamp, timestamp, timeout);
        ShardReplica served = replicas.get(new ShardId(collection.id(), shard));
        if (served != null) {
            return served.query(count).count();
        }
        try (ShardReplica transientReplica =
                new ShardReplica(collection, shard, log, store, catalog, config, executor)) {
            transientReplica.start();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (transientReplica.progress() < 100) {
                if (System.nanoTime() > deadline) {
                    throw new QuiverException(
                            ErrorCode.TIMEOUT,
                            "counting rows of collection '" + collection.name() + "' took longer than "
                                    + timeout.toSeconds() + " s");
                }
                sleep();
            }
            return transientReplica.query(count).count();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuiverException(ErrorCode.UNAVAILABLE, "interrupted while counting rows");
        }
    }

    private ShardReplica replica(long collectionId, int shard) {
        ShardReplica replica = replicas.get(new ShardId(collectionId, shard));
        if (replica == null) {
            throw new QuiverException(
                    ErrorCode.COLLECTION_NOT_LOADED,
                    "collection " + collectionId + " is not loaded (shard " + shard + " is not served)");
        }
        return replica;
    }

    @Override
    public void close() {
        replicas.values().forEach(ShardReplica::close);
        replicas.clear();
    }
}
