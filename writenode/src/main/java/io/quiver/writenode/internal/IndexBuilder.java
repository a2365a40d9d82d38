package io.quiver.writenode.internal;

import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.index.VectorIndex;
import io.quiver.common.index.VectorIndexes;
import io.quiver.coordinator.Catalog;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.IndexInfo;
import io.quiver.coordinator.SegmentInfo;
import io.quiver.storage.ObjectStore;
import io.quiver.storage.binlog.SegmentKey;
import io.quiver.storage.binlog.SegmentReader;
import io.quiver.writenode.WriteNodeConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the index files of committed segments: for every index of a collection and every sealed
 * segment with rows that lacks that index's file, builds the index, writes
 * {@code index/{collection}/{segment}/{index}/{type}.idx} and commits it to the catalog. In a cluster
 * each write node builds the indexes of the segments of the channels it consumes.
 */
final class IndexBuilder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IndexBuilder.class);

    private final Catalog catalog;
    private final ObjectStore store;
    private final SegmentReader reader;
    private final RecentSegments recent;
    private final ExecutorService executor;
    private final WriteNodeConfig config;
    private final Thread thread;
    private final java.util.function.Predicate<String> ownsChannel;
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private final java.util.Map<String, Backoff> failures = new java.util.HashMap<>();
    private volatile boolean running = true;

    IndexBuilder(
            Catalog catalog,
            ObjectStore store,
            RecentSegments recent,
            ExecutorService executor,
            WriteNodeConfig config,
            java.util.function.Predicate<String> ownsChannel) {
        this.catalog = catalog;
        this.ownsChannel = ownsChannel;
        this.store = store;
        this.reader = new SegmentReader(store);
        this.recent = recent;
        this.executor = executor;
        this.config = config;
        this.thread = new Thread(this::run, "writenode-index-builder");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                if (!buildOne()) {
                    Thread.sleep(config.indexBuildInterval());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("index build failed, will retry: {}", e.toString(), e);
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /**
     * Builds one missing index file; returns false if none is due. A build that failed is retried after a
     * back-off that doubles up to {@link #MAX_BACKOFF}, and meanwhile does not hold up other builds.
     */
    private boolean buildOne() {
        long now = System.nanoTime();
        for (CollectionInfo collection : catalog.collections(Catalog.DEFAULT_DATABASE)) {
            for (IndexInfo index : catalog.indexes(collection.id())) {
                for (SegmentInfo segment : catalog.segments(collection.id())) {
                    String task = segment.id() + "/" + index.id();
                    Backoff backoff = failures.get(task);
                    if (segment.rowCount() == 0
                            || !ownsChannel.test(collection.channels().get(segment.shard()))
                            || segment.indexFiles().containsKey(index.id())
                            || (backoff != null && backoff.retryAtNanos() > now)) {
                        continue;
                    }
                    try {
                        build(collection, index, segment);
                        failures.remove(task);
                    } catch (RuntimeException e) {
                        Duration wait = backoff == null
                                ? Duration.ofSeconds(1)
                                : min(backoff.delay().multipliedBy(2));
                        failures.put(task, new Backoff(wait, System.nanoTime() + wait.toNanos()));
                        LOG.error(
                                "collection {} segment {}: building index '{}' failed, retrying in {} s: {}",
                                collection.id(),
                                segment.id(),
                                index.indexName(),
                                wait.toSeconds(),
                                e.toString(),
                                e);
                    }
                    return true;
                }
            }
        }
        return false;
    }

    private static Duration min(Duration wait) {
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    private record Backoff(Duration delay, long retryAtNanos) {}

    private void build(CollectionInfo collection, IndexInfo index, SegmentInfo segment) {
        long started = System.nanoTime();
        ColumnBatch rows = recent.get(segment.id());
        if (rows == null) {
            rows = reader.readRows(
                    new SegmentKey(collection.id(), segment.partitionId(), segment.id()), collection.schema());
        }
        FloatVectorColumn vectors = (FloatVectorColumn) rows.column(index.fieldName());
        String key = "index/" + collection.id() + "/" + segment.id() + "/" + index.id() + "/"
                + index.spec().type().name().toLowerCase(java.util.Locale.ROOT) + ".idx";
        try (VectorIndex built = VectorIndexes.build(index.spec(), vectors, executor)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            built.write(out);
            store.put(key, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catalog.commitIndexFile(collection.id(), segment.id(), index.id(), key);
        recent.forget(segment.id());
        LOG.info(
                "collection {} segment {}: built index '{}' over {} vectors in {} ms",
                collection.id(),
                segment.id(),
                index.indexName(),
                vectors.size(),
                (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
