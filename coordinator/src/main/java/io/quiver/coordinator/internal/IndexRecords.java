package io.quiver.coordinator.internal;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.index.IndexSpec;
import io.quiver.common.schema.FieldSchema;
import io.quiver.common.schema.Names;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.IndexInfo;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog's indexes ({@code catalog/index/{collection}/{index}}). Not thread-safe: {@link
 * MetaStoreCatalog} calls it under its lock.
 */
final class IndexRecords {
    static final String PREFIX = "catalog/index/";
    private static final Logger LOG = LoggerFactory.getLogger(IndexRecords.class);

    private final CatalogStore store;
    private final Map<Long, Map<Long, IndexInfo>> indexes = new TreeMap<>();

    IndexRecords(CatalogStore store) {
        this.store = store;
    }

    static boolean owns(String key) {
        return key.startsWith(PREFIX);
    }

    /** Applies a put of an index key made by any process; {@code collection} is its collection, if known. */
    void applyPut(String key, byte[] value, CollectionInfo collection) {
        if (collection == null) {
            LOG.warn("index {} refers to an unknown collection; ignored", key);
            return;
        }
        IndexInfo info = CatalogRecords.decodeIndex(
                key, value, field -> collection.schema().field(field).dimension());
        indexes.computeIfAbsent(collection.id(), k -> new TreeMap<>()).put(info.id(), info);
    }

    void applyDelete(String key) {
        String[] parts = key.split("/");
        Map<Long, IndexInfo> collectionIndexes = indexes.get(Long.parseLong(parts[2]));
        if (collectionIndexes != null) {
            collectionIndexes.remove(Long.parseLong(parts[3]));
        }
    }

    /** The collection an index key belongs to. */
    static long collectionOf(String key) {
        return Long.parseLong(key.split("/")[2]);
    }

    List<IndexInfo> of(long collectionId) {
        return List.copyOf(indexes.getOrDefault(collectionId, Map.of()).values());
    }

    /** The keys to delete with a collection. */
    List<String> keysOf(long collectionId) {
        return indexes.getOrDefault(collectionId, Map.of()).keySet().stream()
                .map(index -> key(collectionId, index))
                .toList();
    }

    void forget(long collectionId) {
        indexes.remove(collectionId);
    }

    /** Creates an index (idempotent for an identical one; an error for a different one on the field or name). */
    IndexInfo create(
            CollectionInfo info,
            String field,
            String indexName,
            IndexSpec spec,
            Map<String, String> params,
            LongSupplier newId,
            LongSupplier newTimestamp) {
        FieldSchema target = info.schema().field(field);
        QuiverException.check(
                target.dataType().isVector(),
                "field '%s' of collection '%s' is %s; only vector fields can be indexed",
                field,
                info.name(),
                target.dataType());
        String name = indexName == null || indexName.isEmpty() ? field : indexName;
        QuiverException.check(Names.isValid(name), "index name '%s' is invalid: %s", name, Names.RULE);
        for (IndexInfo existing : of(info.id())) {
            if (existing.fieldName().equals(field) || existing.indexName().equals(name)) {
                if (existing.fieldName().equals(field)
                        && existing.indexName().equals(name)
                        && existing.spec().equals(spec)) {
                    return existing;
                }
                throw new QuiverException(
                        ErrorCode.INDEX_ALREADY_EXISTS,
                        "field '" + existing.fieldName() + "' of collection '" + info.name() + "' already has index '"
                                + existing.indexName() + "' (" + existing.spec().type() + ", "
                                + existing.spec().metric() + "); drop it before creating a different one");
            }
        }
        IndexInfo created =
                new IndexInfo(newId.getAsLong(), info.id(), field, name, spec, params, newTimestamp.getAsLong());
        store.put(key(info.id(), created.id()), CatalogRecords.encode(created));
        indexes.computeIfAbsent(info.id(), k -> new TreeMap<>()).put(created.id(), created);
        LOG.info("index created: collection {} field '{}' index '{}' {}", info.id(), field, name, spec);
        return created;
    }

    void drop(CollectionInfo info, String indexName) {
        List<IndexInfo> existing = of(info.id());
        IndexInfo target = existing.stream()
                .filter(i -> i.indexName().equals(indexName) || (indexName.isEmpty() && existing.size() == 1))
                .findFirst()
                .orElseThrow(() -> new QuiverException(
                        ErrorCode.INDEX_NOT_FOUND,
                        "index '" + indexName + "' does not exist on collection '" + info.name() + "'"));
        QuiverException.check(
                !info.loaded(),
                "index '%s' cannot be dropped while collection '%s' is loaded; release it first",
                target.indexName(),
                info.name());
        store.write(Map.of(), List.of(key(info.id(), target.id())));
        indexes.get(info.id()).remove(target.id());
    }

    private static String key(long collectionId, long indexId) {
        return PREFIX + collectionId + "/" + indexId;
    }
}
