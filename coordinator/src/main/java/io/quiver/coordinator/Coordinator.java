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

    /**
     * Whether the coordinator leader surely still bounds its ticks by this registered writer's safe
     * timestamp, so an entry the writer appends now cannot land below a published tick. Always true in
     * one process; in a cluster it lapses shortly after the leader stops acknowledging the writer's
     * reports (well before the leader would drop the writer or a successor would tick).
     */
    default boolean holdsWriteLease(TickSource writer) {
        return true;
    }

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
