package io.quiver.writenode;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.index.IndexSpec;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.coordinator.Catalog;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.ConsistencyLevel;
import io.quiver.coordinator.IndexInfo;
import io.quiver.coordinator.PartitionInfo;
import io.quiver.coordinator.SegmentInfo;
import io.quiver.wal.LogPosition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A catalog that reads through to another one but refuses every {@link #commitRange}, as if the write
 * node crashed after writing a range's objects and before committing it. Records which shards tried.
 */
final class CommitRefusingCatalog implements Catalog {
    private final Catalog delegate;
    private final Set<Integer> attemptedShards = ConcurrentHashMap.newKeySet();

    CommitRefusingCatalog(Catalog delegate) {
        this.delegate = delegate;
    }

    Set<Integer> attemptedShards() {
        return Set.copyOf(attemptedShards);
    }

    @Override
    public void commitRange(
            long collectionId, int shard, LogPosition expected, LogPosition end, List<SegmentInfo> segments) {
        attemptedShards.add(shard);
        throw new QuiverException(
                ErrorCode.UNAVAILABLE, "test: the write node crashes before committing shard " + shard);
    }

    @Override
    public CollectionInfo createCollection(
            String database,
            CollectionSchema schema,
            int shards,
            ConsistencyLevel consistencyLevel,
            Map<String, String> properties,
            boolean dynamicField) {
        return delegate.createCollection(database, schema, shards, consistencyLevel, properties, dynamicField);
    }

    @Override
    public void dropCollection(String database, String name) {
        delegate.dropCollection(database, name);
    }

    @Override
    public Optional<CollectionInfo> findCollection(String database, String name) {
        return delegate.findCollection(database, name);
    }

    @Override
    public CollectionInfo collection(String database, String name) {
        return delegate.collection(database, name);
    }

    @Override
    public Optional<CollectionInfo> findCollection(long collectionId) {
        return delegate.findCollection(collectionId);
    }

    @Override
    public List<CollectionInfo> collections(String database) {
        return delegate.collections(database);
    }

    @Override
    public void setLoaded(long collectionId, boolean loaded) {
        delegate.setLoaded(collectionId, loaded);
    }

    @Override
    public void refresh() {
        delegate.refresh();
    }

    @Override
    public PartitionInfo createPartition(String database, String collection, String partition) {
        return delegate.createPartition(database, collection, partition);
    }

    @Override
    public void dropPartition(String database, String collection, String partition) {
        delegate.dropPartition(database, collection, partition);
    }

    @Override
    public IndexInfo createIndex(
            String database,
            String collection,
            String field,
            String indexName,
            IndexSpec spec,
            Map<String, String> params) {
        return delegate.createIndex(database, collection, field, indexName, spec, params);
    }

    @Override
    public void dropIndex(String database, String collection, String indexName) {
        delegate.dropIndex(database, collection, indexName);
    }

    @Override
    public List<IndexInfo> indexes(long collectionId) {
        return delegate.indexes(collectionId);
    }

    @Override
    public List<SegmentInfo> segments(long collectionId) {
        return delegate.segments(collectionId);
    }

    @Override
    public LogPosition checkpoint(long collectionId, int shard) {
        return delegate.checkpoint(collectionId, shard);
    }

    @Override
    public void commitIndexFile(long collectionId, long segmentId, long indexId, String objectKey) {
        delegate.commitIndexFile(collectionId, segmentId, indexId, objectKey);
    }
}
