package io.quiver.coordinator;

import io.quiver.coordinator.node.QueryNodeService;

/**
 * What proxies and nodes ask of the coordinator. In standalone mode it is the {@link CoordinatorNode}
 * itself; in a cluster, a client of the coordinator's RPC service.
 */
public interface Coordinator {

    TimestampOracle timestampOracle();

    IdAllocator idAllocator();

    Catalog catalog();

    /** Registers a writer whose safe timestamp bounds the time ticks (DESIGN §3). */
    void registerWriter(TickSource writer);

    void unregisterWriter(TickSource writer);

    /** Asks for a time tick on every channel as soon as possible (reads waiting for a fresh timestamp). */
    void requestTick();

    /** Marks the collection loaded and has query nodes start serving its shards. */
    void loadCollection(CollectionInfo collection);

    void releaseCollection(CollectionInfo collection);

    /** Loading progress in percent over every shard; 100 once the collection serves reads. */
    int loadProgress(CollectionInfo collection);

    /** The query node serving a shard. */
    QueryNodeService queryNode(long collectionId, int shard);

    /** Seals every row of the collection written before now into committed segments. */
    void flush(CollectionInfo collection);
}
