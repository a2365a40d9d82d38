package io.quiver.coordinator.rpc;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.index.IndexSpec;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.DataType;
import io.quiver.common.schema.FieldSchema;
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
import java.util.concurrent.ConcurrentHashMap;

/** A catalog holding collections put into it by id; the RPC code only looks collections up. */
final class FakeCatalog implements Catalog {
    private final Map<Long, CollectionInfo> collections = new ConcurrentHashMap<>();

    /** Adds a collection with an Int64 key and a 4-d vector field, {@code shards} shards. */
    CollectionInfo add(long id, String name, int shards) {
        CollectionSchema schema = new CollectionSchema(
                name,
                "",
                List.of(
                        new FieldSchema(100, "id", DataType.INT64, true, false, 0, 0, ""),
                        new FieldSchema(101, "vector", DataType.FLOAT_VECTOR, false, false, 4, 0, "")));
        List<String> channels = java.util.stream.IntStream.range(0, shards)
                .mapToObj(shard -> "dml-" + shard)
                .toList();
        CollectionInfo collection = new CollectionInfo(
                id,
                DEFAULT_DATABASE,
                schema,
                channels,
                ConsistencyLevel.STRONG,
                1,
                List.of(new PartitionInfo(id + 1, PartitionInfo.DEFAULT_NAME, 1)),
                Map.of(),
                false,
                false);
        collections.put(id, collection);
        return collection;
    }

    @Override
    public Optional<CollectionInfo> findCollection(long collectionId) {
        return Optional.ofNullable(collections.get(collectionId));
    }

    @Override
    public CollectionInfo createCollection(
            String database,
            CollectionSchema schema,
            int shards,
            ConsistencyLevel consistencyLevel,
            Map<String, String> properties,
            boolean dynamicField) {
        throw unsupported();
    }

    @Override
    public void dropCollection(String database, String name) {
        throw unsupported();
    }

    @Override
    public Optional<CollectionInfo> findCollection(String database, String name) {
        return collections.values().stream()
                .filter(c -> c.database().equals(database) && c.name().equals(name))
                .findFirst();
    }

    @Override
    public CollectionInfo collection(String database, String name) {
        return findCollection(database, name)
                .orElseThrow(() -> new QuiverException(ErrorCode.COLLECTION_NOT_FOUND, "no collection " + name));
    }

    @Override
    public List<CollectionInfo> collections(String database) {
        return List.copyOf(collections.values());
    }

    @Override
    public void setLoaded(long collectionId, boolean loaded) {
        throw unsupported();
    }

    @Override
    public void refresh() {}

    @Override
    public PartitionInfo createPartition(String database, String collection, String partition) {
        throw unsupported();
    }

    @Override
    public void dropPartition(String database, String collection, String partition) {
        throw unsupported();
    }

    @Override
    public IndexInfo createIndex(
            String database,
            String collection,
            String field,
            String indexName,
            IndexSpec spec,
            Map<String, String> params) {
        throw unsupported();
    }

    @Override
    public void dropIndex(String database, String collection, String indexName) {
        throw unsupported();
    }

    @Override
    public List<IndexInfo> indexes(long collectionId) {
        return List.of();
    }

    @Override
    public List<SegmentInfo> segments(long collectionId) {
        return List.of();
    }

    @Override
    public LogPosition checkpoint(long collectionId, int shard) {
        throw unsupported();
    }

    @Override
    public void commitRange(
            long collectionId, int shard, LogPosition expected, LogPosition end, List<SegmentInfo> segments) {
        throw unsupported();
    }

    @Override
    public void commitIndexFile(long collectionId, long segmentId, long indexId, String objectKey) {
        throw unsupported();
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("the fake catalog only looks collections up");
    }
}
