package io.quiver.querynode.internal;

import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.index.VectorIndex;
import io.quiver.common.index.VectorIndexes;
import io.quiver.coordinator.Catalog;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.IndexInfo;
import io.quiver.coordinator.SegmentInfo;
import io.quiver.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads the index files the write nodes committed for sealed segments and attaches them. */
final class IndexAttacher {
    private static final Logger LOG = LoggerFactory.getLogger(IndexAttacher.class);

    private final CollectionInfo collection;
    private final ObjectStore store;
    private final Catalog catalog;
    private final ExecutorService executor;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    IndexAttacher(CollectionInfo collection, ObjectStore store, Catalog catalog, ExecutorService executor) {
        this.collection = collection;
        this.store = store;
        this.catalog = catalog;
        this.executor = executor;
    }

    /** Attaches every committed index not yet attached; waits for the loads if {@code synchronous}. */
    void attachAll(List<Segment> segments, boolean synchronous) {
        List<IndexInfo> indexes = catalog.indexes(collection.id());
        if (indexes.isEmpty() || segments.isEmpty()) {
            return;
        }
        Map<Long, SegmentInfo> infos = catalog.segments(collection.id()).stream()
                .collect(Collectors.toMap(SegmentInfo::id, Function.identity()));
        for (Segment segment : segments) {
            SegmentInfo info = infos.get(segment.id);
            if (info == null) {
                continue;
            }
            for (IndexInfo index : indexes) {
                String objectKey = info.indexFiles().get(index.id());
                if (objectKey == null || segment.hasIndex(index.fieldName()) || !inFlight.add(objectKey)) {
                    continue;
                }
                Runnable load = () -> attach(segment, index, objectKey);
                if (synchronous) {
                    load.run();
                } else {
                    executor.execute(load);
                }
            }
        }
    }

    private void attach(Segment segment, IndexInfo index, String objectKey) {
        try (InputStream in = store.get(objectKey)) {
            FloatVectorColumn vectors = (FloatVectorColumn) segment.rows.column(index.fieldName());
            VectorIndex loaded = VectorIndexes.load(index.spec(), in, vectors);
            segment.attachIndex(index.fieldName(), loaded);
            LOG.info(
                    "collection {} segment {}: attached index '{}' ({} vectors)",
                    collection.id(),
                    segment.id,
                    index.indexName(),
                    loaded.size());
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "collection {} segment {}: cannot load index file {}: {}",
                    collection.id(),
                    segment.id,
                    objectKey,
                    e.toString());
        } finally {
            inFlight.remove(objectKey);
        }
    }
}
