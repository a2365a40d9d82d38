package io.quiver.coordinator.internal;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.index.IndexSpec;
import io.quiver.common.meta.KeyValue;
import io.quiver.common.meta.MetaStore;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.Names;
import io.quiver.coordinator.Catalog;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.ConsistencyLevel;
import io.quiver.coordinator.IdAllocator;
import io.quiver.coordinator.IndexInfo;
import io.quiver.coordinator.PartitionInfo;
import io.quiver.coordinator.SegmentInfo;
import io.quiver.coordinator.TimestampOracle;
import io.quiver.wal.LogPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog, cached in memory and written through to the meta store. Keys:
 * {@code catalog/collection/{id}}, {@code catalog/index/{collection}/{index}},
 * {@code catalog/segment/{collection}/{segment}}, {@code catalog/checkpoint/{collection}/{shard}}.
 *
 * <p>Every process of a cluster (coordinator, proxies, nodes) holds one over the same meta store: each
 * change is a compare-and-set on the revisions this instance last saw, and a {@link CatalogFollower}
 * applies other processes' changes as the meta store's watch reports them. A lookup that misses reads
 * the meta store before answering "not found", so a collection created through one proxy is usable
 * through another at once.
 */
public final class MetaStoreCatalog implements Catalog, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetaStoreCatalog.class);
    public static final int MAX_COLLECTIONS = 10_000;
    public static final int MAX_PARTITIONS = 1_024;
    public static final int MAX_SHARDS = 64;
    static final String PREFIX = "catalog/";
    static final String COLLECTION_PREFIX = "catalog/collection/";

    private final CatalogStore store;
    private final IdAllocator ids;
    private final TimestampOracle tso;
    private final ChannelLayout channels;
    private final Map<Long, CollectionInfo> collections = new TreeMap<>();
    private final IndexRecords indexes;
    private final SegmentRecords segments;
    private final java.util.Set<Long> dropped = new java.util.HashSet<>();
    private CatalogFollower follower;

    private MetaStoreCatalog(MetaStore metaStore, IdAllocator ids, TimestampOracle tso, ChannelLayout channels) {
        this.store = new CatalogStore(metaStore);
        this.segments = new SegmentRecords(store);
        this.indexes = new IndexRecords(store);
        this.ids = ids;
        this.tso = tso;
        this.channels = channels;
    }

    /** Loads the catalog from the meta store and follows later changes made by other processes. */
    public static MetaStoreCatalog open(
            MetaStore metaStore, IdAllocator ids, TimestampOracle tso, ChannelLayout channels) {
        MetaStoreCatalog catalog = new MetaStoreCatalog(metaStore, ids, tso, channels);
        long revision = metaStore.revision();
        catalog.load();
        catalog.follower = CatalogFollower.start(metaStore, catalog, revision);
        return catalog;
    }

    private synchronized void load() {
        for (KeyValue kv : store.load(COLLECTION_PREFIX)) {
            applyPut(kv.key(), kv.value());
        }
        for (KeyValue kv : store.load(IndexRecords.PREFIX)) {
            applyPut(kv.key(), kv.value());
        }
        segments.load();
        LOG.info("catalog loaded: {} collections, {} segments", collections.size(), segments.count());
    }

    @Override
    public void refresh() {
        follower.refresh();
    }

    /** Applies a change another process made (or the echo of our own), unless it was applied already. */
    synchronized void apply(String key, byte[] value, long revision, boolean deleted) {
        if (!store.isNewer(key, revision)) {
            return;
        }
        if (deleted) {
            store.observeDelete(key, revision);
            applyDelete(key);
        } else {
            store.observePut(key, revision);
            applyPut(key, value);
        }
    }

    /** The live keys under {@code prefix} this catalog knows, to find deletes a refresh missed. */
    synchronized List<String> knownKeys(String prefix) {
        return store.knownKeys(prefix);
    }

    private void applyPut(String key, byte[] value) {
        if (key.startsWith(COLLECTION_PREFIX)) {
            CollectionInfo info = CatalogRecords.decodeCollection(key, value);
            collections.put(info.id(), info);
        } else if (IndexRecords.owns(key)) {
            indexes.applyPut(key, value, collections.get(IndexRecords.collectionOf(key)));
        } else if (SegmentRecords.owns(key)) {
            segments.applyPut(key, value);
        }
    }

    private void applyDelete(String key) {
        if (key.startsWith(COLLECTION_PREFIX)) {
            long id = Long.parseLong(key.substring(COLLECTION_PREFIX.length()));
            collections.remove(id);
            indexes.forget(id);
            dropped.add(id);
        } else if (IndexRecords.owns(key)) {
            indexes.applyDelete(key);
        } else if (SegmentRecords.owns(key)) {
            segments.applyDelete(key);
        }
    }

    @Override
    public void close() {
        CatalogFollower running = follower;
        if (running != null) {
            running.close();
        }
    }

    // ---------------------------------------------------------------- collections

    @Override
    public synchronized CollectionInfo createCollection(
            String database,
            CollectionSchema schema,
            int shards,
            ConsistencyLevel consistencyLevel,
            Map<String, String> properties,
            boolean dynamicField) {
        checkDatabase(database);
        QuiverException.check(
                shards >= 1 && shards <= MAX_SHARDS,
                "shards_num is %d; it must be between 1 and %d",
                shards,
                MAX_SHARDS);
        Optional<CollectionInfo> existing = findCollection(database, schema.name());
        if (existing.isPresent()) {
            CollectionInfo old = existing.get();
            if (old.schema().equals(schema) && old.shards() == shards) {
                return old;
            }
            throw new QuiverException(
                    ErrorCode.COLLECTION_ALREADY_EXISTS,
                    "collection '" + schema.name() + "' already exists with a different schema or shard count");
        }
        QuiverException.check(
                collections.size() < MAX_COLLECTIONS, "cannot create more than %d collections", MAX_COLLECTIONS);
        long id = ids.allocate(2);
        long ts = tso.allocate();
        PartitionInfo defaultPartition = new PartitionInfo(id + 1, PartitionInfo.DEFAULT_NAME, ts);
        CollectionInfo info = new CollectionInfo(
                id,
                database,
                schema,
                channels.channelsFor(id, shards),
                consistencyLevel,
                ts,
                List.of(defaultPartition),
                properties,
                dynamicField,
                false);
        store.put(collectionKey(id), CatalogRecords.encode(info));
        collections.put(id, info);
        LOG.info(
                "collection created: id {} name '{}' shards {} channels {}",
                id,
                schema.name(),
                shards,
                info.channels());
        return info;
    }

    @Override
    public synchronized void dropCollection(String database, String name) {
        CollectionInfo info = collection(database, name);
        List<String> deletes = new ArrayList<>();
        deletes.add(collectionKey(info.id()));
        deletes.addAll(indexes.keysOf(info.id()));
        deletes.addAll(segments.keysOf(info));
        store.write(Map.of(), deletes);
        collections.remove(info.id());
        indexes.forget(info.id());
        dropped.add(info.id());
        segments.forget(info);
        LOG.info("collection dropped: id {} name '{}'", info.id(), name);
    }

    @Override
    public Optional<CollectionInfo> findCollection(String database, String name) {
        Optional<CollectionInfo> found = cachedCollection(database, name);
        if (found.isEmpty()) {
            follower.refreshCollections();
            found = cachedCollection(database, name);
        }
        return found;
    }

    private synchronized Optional<CollectionInfo> cachedCollection(String database, String name) {
        return collections.values().stream()
                .filter(c -> c.database().equals(database) && c.name().equals(name))
                .findFirst();
    }

    @Override
    public synchronized CollectionInfo collection(String database, String name) {
        checkDatabase(database);
        return findCollection(database, name)
                .orElseThrow(() -> new QuiverException(
                        ErrorCode.COLLECTION_NOT_FOUND,
                        "collection '" + name + "' does not exist in database '" + database + "'"));
    }

    @Override
    public Optional<CollectionInfo> findCollection(long collectionId) {
        Optional<CollectionInfo> found = cachedCollection(collectionId);
        if (found.isEmpty() && !wasDropped(collectionId)) {
            follower.refreshKey(collectionKey(collectionId));
            found = cachedCollection(collectionId);
        }
        return found;
    }

    private synchronized Optional<CollectionInfo> cachedCollection(long collectionId) {
        return Optional.ofNullable(collections.get(collectionId));
    }

    private synchronized boolean wasDropped(long collectionId) {
        return dropped.contains(collectionId);
    }

    @Override
    public List<CollectionInfo> collections(String database) {
        checkDatabase(database);
        follower.refreshCollections();
        return cachedCollections(database);
    }

    private synchronized List<CollectionInfo> cachedCollections(String database) {
        return collections.values().stream()
                .filter(c -> c.database().equals(database))
                .toList();
    }

    @Override
    public synchronized void setLoaded(long collectionId, boolean loaded) {
        CollectionInfo info = existing(collectionId);
        if (info.loaded() != loaded) {
            replace(info.withLoaded(loaded));
        }
    }

    // ---------------------------------------------------------------- partitions

    @Override
    public synchronized PartitionInfo createPartition(String database, String collection, String partition) {
        CollectionInfo info = collection(database, collection);
        QuiverException.check(Names.isValid(partition), "partition name '%s' is invalid: %s", partition, Names.RULE);
        if (info.findPartition(partition).isPresent()) {
            throw new QuiverException(
                    ErrorCode.PARTITION_ALREADY_EXISTS,
                    "partition '" + partition + "' already exists in collection '" + collection + "'");
        }
        QuiverException.check(
                info.partitions().size() < MAX_PARTITIONS,
                "collection '%s' already has %d partitions, the limit",
                collection,
                MAX_PARTITIONS);
        PartitionInfo created = new PartitionInfo(ids.allocate(1), partition, tso.allocate());
        List<PartitionInfo> partitions = new ArrayList<>(info.partitions());
        partitions.add(created);
        replace(info.withPartitions(partitions));
        return created;
    }

    @Override
    public synchronized void dropPartition(String database, String collection, String partition) {
        CollectionInfo info = collection(database, collection);
        PartitionInfo target = info.partition(partition);
        QuiverException.check(
                !target.name().equals(PartitionInfo.DEFAULT_NAME), "the default partition cannot be dropped");
        QuiverException.check(
                !info.loaded(),
                "partition '%s' cannot be dropped while collection '%s' is loaded; release it first",
                partition,
                collection);
        List<PartitionInfo> partitions = new ArrayList<>(info.partitions());
        partitions.remove(target);
        List<String> deletes = segments.keysOfPartition(info.id(), target.id());
        CollectionInfo updated = info.withPartitions(partitions);
        store.write(Map.of(collectionKey(info.id()), CatalogRecords.encode(updated)), deletes);
        collections.put(info.id(), updated);
        segments.forgetPartition(info.id(), target.id());
    }

    // ---------------------------------------------------------------- indexes

    @Override
    public synchronized IndexInfo createIndex(
            String database,
            String collection,
            String field,
            String indexName,
            IndexSpec spec,
            Map<String, String> params) {
        return indexes.create(
                collection(database, collection), field, indexName, spec, params, () -> ids.allocate(1), tso::allocate);
    }

    @Override
    public synchronized void dropIndex(String database, String collection, String indexName) {
        indexes.drop(collection(database, collection), indexName);
    }

    @Override
    public synchronized List<IndexInfo> indexes(long collectionId) {
        return indexes.of(collectionId);
    }

    // ---------------------------------------------------------------- segments

    @Override
    public synchronized List<SegmentInfo> segments(long collectionId) {
        return segments.segments(collectionId);
    }

    @Override
    public synchronized LogPosition checkpoint(long collectionId, int shard) {
        return segments.checkpoint(collectionId, shard);
    }

    @Override
    public synchronized void commitRange(
            long collectionId, int shard, LogPosition expected, LogPosition end, List<SegmentInfo> newSegments) {
        existing(collectionId);
        segments.commitRange(collectionId, shard, expected, end, newSegments);
    }

    @Override
    public synchronized void commitIndexFile(long collectionId, long segmentId, long indexId, String objectKey) {
        segments.commitIndexFile(collectionId, segmentId, indexId, objectKey);
    }

    // ---------------------------------------------------------------- helpers

    private CollectionInfo existing(long collectionId) {
        return findCollection(collectionId)
                .orElseThrow(() -> new QuiverException(
                        ErrorCode.COLLECTION_NOT_FOUND, "collection " + collectionId + " does not exist"));
    }

    private void replace(CollectionInfo info) {
        store.put(collectionKey(info.id()), CatalogRecords.encode(info));
        collections.put(info.id(), info);
    }

    private static void checkDatabase(String database) {
        if (!DEFAULT_DATABASE.equals(database)) {
            throw new QuiverException(
                    ErrorCode.DATABASE_NOT_FOUND,
                    "database '" + database + "' does not exist; Quiver has only the 'default' database so far");
        }
    }

    static String collectionKey(long id) {
        return COLLECTION_PREFIX + id;
    }
}
