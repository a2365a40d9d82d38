package io.quiver.coordinator;

import io.quiver.coordinator.node.QueryNodeService;

/**
 * Where the coordinator has shards served and channels flushed. Standalone: the one query node and
 * write node in the same JVM ({@link #local}). Cluster: the nodes registered in the meta store, with
 * shards spread and moved by the leader ({@code cluster.ClusterPlacement}).
 */
public interface Placement {

    /** Has every shard of a loaded collection served; returns once each shard has a node. */
    void load(CollectionInfo collection);

    /** Stops serving every shard of the collection. */
    void release(CollectionInfo collection);

    /** Loading progress in percent over every shard; 100 once the collection serves reads. */
    int loadProgress(CollectionInfo collection);

    /** The query node serving a shard. */
    QueryNodeService queryNode(long collectionId, int shard);

    /** Seals every row of the collection written before {@code timestamp}. */
    void flush(CollectionInfo collection, long timestamp);

    /** One query node and one write node serving everything (standalone). */
    static Placement local(QueryNodeService queryNode, io.quiver.coordinator.node.WriteNodeService writeNode) {
        return new Placement() {
            @Override
            public void load(CollectionInfo collection) {
                for (int shard = 0; shard < collection.shards(); shard++) {
                    queryNode.loadShard(collection, shard);
                }
            }

            @Override
            public void release(CollectionInfo collection) {
                for (int shard = 0; shard < collection.shards(); shard++) {
                    queryNode.releaseShard(collection.id(), shard);
                }
            }

            @Override
            public int loadProgress(CollectionInfo collection) {
                int progress = 100;
                for (int shard = 0; shard < collection.shards(); shard++) {
                    progress = Math.min(progress, queryNode.loadProgress(collection.id(), shard));
                }
                return progress;
            }

            @Override
            public QueryNodeService queryNode(long collectionId, int shard) {
                return queryNode;
            }

            @Override
            public void flush(CollectionInfo collection, long timestamp) {
                writeNode.flush(collection.id(), timestamp);
            }
        };
    }
}
