package io.quiver.coordinator.node;

import io.quiver.coordinator.CollectionInfo;

/**
 * What a query node does for the coordinator (load, release) and for proxies (search, query). Called
 * in-process in standalone mode, over gRPC in a cluster.
 */
public interface QueryNodeService {

    /** Starts serving a shard: load its sealed segments, then replay its log tail. Returns at once. */
    void loadShard(CollectionInfo collection, int shard);

    void releaseShard(long collectionId, int shard);

    /** Loading progress of a shard in percent; 100 once it serves reads. */
    int loadProgress(long collectionId, int shard);

    ShardSearchResult search(ShardSearchRequest request);

    /**
     * The exact number of rows of a shard visible at {@code timestamp}. A shard this node does not serve
     * is read transiently (sealed segments and the log tail) and dropped again.
     */
    long countRows(CollectionInfo collection, int shard, long timestamp, java.time.Duration timeout);

    ShardQueryResult query(ShardQueryRequest request);
}
