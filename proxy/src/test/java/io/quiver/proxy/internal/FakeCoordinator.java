package io.quiver.proxy.internal;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.LongColumn;
import io.quiver.common.index.IndexSpec;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.coordinator.Catalog;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.ConsistencyLevel;
import io.quiver.coordinator.Coordinator;
import io.quiver.coordinator.IdAllocator;
import io.quiver.coordinator.IndexInfo;
import io.quiver.coordinator.PartitionInfo;
import io.quiver.coordinator.SegmentInfo;
import io.quiver.coordinator.TickSource;
import io.quiver.coordinator.TimestampOracle;
import io.quiver.coordinator.node.QueryNodeService;
import io.quiver.coordinator.node.ShardQueryRequest;
import io.quiver.coordinator.node.ShardQueryResult;
import io.quiver.coordinator.node.ShardSearchRequest;
import io.quiver.coordinator.node.ShardSearchResult;
import io.quiver.wal.LogPosition;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * A coordinator of one loaded collection whose shards are served by in-memory query nodes holding
 * sorted Int64 keys (tag = key * 10). Only what the read path uses is implemented.
 */
final class FakeCoordinator implements Coordinator {
    final CollectionInfo collection;
    final AtomicLong clock = new AtomicLong(1_000);
    final Queue<ShardQueryRequest> queries = new ConcurrentLinkedQueue<>();
    private final long[][] keysByShard;

    FakeCoordinator(CollectionSchema schema, long[]... keysByShard) {
        this.keysByShard = keysByShard;
        List<String> channels = java.util.stream.IntStream.range(0, keysByShard.length)
                .mapToObj(s -> "ch" + s)
                .toList();
        this.collection = new CollectionInfo(
                7,
                Catalog.DEFAULT_DATABASE,
                schema,
                channels,
                ConsistencyLevel.STRONG,
                1,
                List.of(new PartitionInfo(70, PartitionInfo.DEFAULT_NAME, 1)),
                Map.of(),
                false,
                true);
    }

    @Override
    public TimestampOracle timestampOracle() {
        return clock::incrementAndGet;
    }

    @Override
    public IdAllocator idAllocator() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Catalog catalog() {
        return new FakeCatalog();
    }

    @Override
    public void registerWriter(TickSource writer) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void unregisterWriter(TickSource writer) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void loadCollection(CollectionInfo info) {
        loads.add(info.name());
    }

    /** Collections loaded, by name. */
    final Queue<String> loads = new ConcurrentLinkedQueue<>();

    /** What {@link #loadProgress} answers, one call after another (the last answer repeats). */
    volatile IntSupplier progress = () -> 100;

    final AtomicLong progressCalls = new AtomicLong();

    @Override
    public void releaseCollection(CollectionInfo info) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int loadProgress(CollectionInfo info) {
        progressCalls.incrementAndGet();
        return progress.getAsInt();
    }

    @Override
    public QueryNodeService queryNode(long collectionId, int shard) {
        return new FakeQueryNode(keysByShard[shard]);
    }

    @Override
    public void requestTick() {
        tickRequests++;
    }

    int tickRequests;

    @Override
    public void flush(CollectionInfo info) {
        throw new UnsupportedOperationException();
    }

    private final class FakeQueryNode implements QueryNodeService {
        private final long[] keys;

        FakeQueryNode(long[] keys) {
            this.keys = keys;
        }

        @Override
        public ShardQueryResult query(ShardQueryRequest request) {
            queries.add(request);
            int rows = request.countOnly()
                    ? 0
                    : request.limit() < 0 ? keys.length : (int) Math.min(keys.length, request.limit());
            long[] selected = Arrays.copyOf(keys, rows);
            long[] tags = Arrays.stream(selected).map(k -> k * 10).toArray();
            ColumnBatch fields = request.outputFields().contains("tag")
                    ? new ColumnBatch(rows, Map.of("tag", LongColumn.int64(tags)))
                    : new ColumnBatch(rows, Map.of());
            return new ShardQueryResult(LongColumn.int64(selected), fields, keys.length);
        }

        @Override
        public ShardSearchResult search(ShardSearchRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void loadShard(CollectionInfo info, int shard) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void releaseShard(long collectionId, int shard) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int loadProgress(long collectionId, int shard) {
            return 100;
        }

        @Override
        public long countRows(CollectionInfo collection, int shard, long timestamp, java.time.Duration timeout) {
            return keys.length;
        }
    }

    private final class FakeCatalog implements Catalog {
        @Override
        public CollectionInfo collection(String database, String name) {
            return findCollection(database, name)
                    .orElseThrow(() -> new QuiverException(
                            ErrorCode.COLLECTION_NOT_FOUND, "collection '" + name + "' does not exist"));
        }

        @Override
        public Optional<CollectionInfo> findCollection(String database, String name) {
            return database.equals(collection.database()) && name.equals(collection.name())
                    ? Optional.of(collection)
                    : Optional.empty();
        }

        @Override
        public Optional<CollectionInfo> findCollection(long collectionId) {
            return collectionId == collection.id() ? Optional.of(collection) : Optional.empty();
        }

        @Override
        public List<IndexInfo> indexes(long collectionId) {
            return List.of();
        }

        @Override
        public CollectionInfo createCollection(
                String database,
                CollectionSchema schema,
                int shards,
                ConsistencyLevel consistencyLevel,
                Map<String, String> properties,
                boolean dynamicField) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void dropCollection(String database, String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<CollectionInfo> collections(String database) {
            return List.of(collection);
        }

        @Override
        public void setLoaded(long collectionId, boolean loaded) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void refresh() {}

        @Override
        public PartitionInfo createPartition(String database, String name, String partition) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void dropPartition(String database, String name, String partition) {
            throw new UnsupportedOperationException();
        }

        @Override
        public IndexInfo createIndex(
                String database,
                String name,
                String field,
                String indexName,
                IndexSpec spec,
                Map<String, String> params) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void dropIndex(String database, String name, String indexName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<SegmentInfo> segments(long collectionId) {
            return List.of();
        }

        @Override
        public LogPosition checkpoint(long collectionId, int shard) {
            return LogPosition.BEGINNING;
        }

        @Override
        public void commitRange(
                long collectionId, int shard, LogPosition expected, LogPosition end, List<SegmentInfo> segments) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void commitIndexFile(long collectionId, long segmentId, long indexId, String objectKey) {
            throw new UnsupportedOperationException();
        }
    }
}
