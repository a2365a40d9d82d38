package io.quiver.coordinator;

import io.quiver.common.index.IndexSpec;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.wal.LogPosition;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the coordinator knows about collections, partitions, indexes and sealed segments. Every change
 * is a compare-and-set on the meta store. Names are resolved within a database; ids are global.
 */
public interface Catalog {
    String DEFAULT_DATABASE = "default";

    // --- collections
    /** Creates a collection (idempotent for an identical schema; an error for a different one). */
    CollectionInfo createCollection(
            String database,
            CollectionSchema schema,
            int shards,
            ConsistencyLevel consistencyLevel,
            Map<String, String> properties,
            boolean dynamicField);

    void dropCollection(String database, String name);

    Optional<CollectionInfo> findCollection(String database, String name);

    /** The named collection or a COLLECTION_NOT_FOUND error. */
    CollectionInfo collection(String database, String name);

    Optional<CollectionInfo> findCollection(long collectionId);

    List<CollectionInfo> collections(String database);

    void setLoaded(long collectionId, boolean loaded);

    /**
     * Re-reads from the meta store what other processes changed. Lookups that miss and listings do this
     * on their own; call it where a decision must not rest on a view that is even milliseconds old (a
     * write node taking over a shard reads its checkpoint after a refresh).
     */
    void refresh();

    // --- partitions
    PartitionInfo createPartition(String database, String collection, String partition);

    void dropPartition(String database, String collection, String partition);

    // --- indexes
    IndexInfo createIndex(
            String database,
            String collection,
            String field,
            String indexName,
            IndexSpec spec,
            Map<String, String> params);

    void dropIndex(String database, String collection, String indexName);

    List<IndexInfo> indexes(long collectionId);

    // --- segments
    List<SegmentInfo> segments(long collectionId);

    /** The end of the last committed range of a shard: where replay of its log tail starts. */
    LogPosition checkpoint(long collectionId, int shard);

    /**
     * Commits the segments of one shard's log range (expected, end] and moves the shard's checkpoint to
     * {@code end}. Fails with CONFLICT if the checkpoint is no longer {@code expected} (another write node
     * committed first); a retried identical commit is accepted.
     */
    void commitRange(long collectionId, int shard, LogPosition expected, LogPosition end, List<SegmentInfo> segments);

    /** Records an index file built for a segment. */
    void commitIndexFile(long collectionId, long segmentId, long indexId, String objectKey);
}
