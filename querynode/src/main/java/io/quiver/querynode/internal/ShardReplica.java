package io.quiver.querynode.internal;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.Timestamps;
import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.PrimaryKeys;
import io.quiver.common.expr.Filter;
import io.quiver.common.expr.FilterParser;
import io.quiver.common.wal.WalEntries;
import io.quiver.coordinator.Catalog;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.SegmentInfo;
import io.quiver.coordinator.node.ShardQueryRequest;
import io.quiver.coordinator.node.ShardQueryResult;
import io.quiver.coordinator.node.ShardSearchRequest;
import io.quiver.coordinator.node.ShardSearchResult;
import io.quiver.proto.wal.WalEntry;
import io.quiver.querynode.QueryNodeConfig;
import io.quiver.storage.ObjectStore;
import io.quiver.storage.binlog.SegmentReader;
import io.quiver.wal.LogEntry;
import io.quiver.wal.LogPosition;
import io.quiver.wal.LogReader;
import io.quiver.wal.WriteAheadLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shard of a loaded collection on this query node. A single replay thread loads the sealed
 * segments, then applies the shard's log tail: inserts become growing chunks, tombstones and versions
 * supersede rows in the primary-key index by timestamp, not by log order (entries of several proxies
 * may arrive out of timestamp order between two ticks, see {@link PrimaryKeyIndex}), ticks advance the
 * service time (tsafe) and let the index forget what no late entry can need, and committed ranges are
 * handed off to sealed segments. Searches run concurrently on callers' threads.
 */
public final class ShardReplica implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShardReplica.class);

    private final CollectionInfo collection;
    private final int shard;
    private final String channel;
    private final WriteAheadLog log;
    private final Catalog catalog;
    private final QueryNodeConfig config;
    private final SealedSegmentLoader loader;
    private final IndexAttacher indexes;
    private final ShardSearcher searcher;
    private final PrimaryKeyIndex primaryKeys = new PrimaryKeyIndex();
    private final Map<String, Filter> filters = new ConcurrentHashMap<>();
    private final Object tsafeMonitor = new Object();
    private final Thread thread;

    private volatile ShardSegments segments = ShardSegments.EMPTY;
    private volatile long tsafe;
    private volatile int progress;
    private volatile boolean running = true;
    private volatile RuntimeException failure;
    private LogPosition sealedUpTo = LogPosition.BEGINNING;
    private LogPosition lastApplied = LogPosition.BEGINNING;

    public ShardReplica(
            CollectionInfo collection,
            int shard,
            WriteAheadLog log,
            ObjectStore store,
            Catalog catalog,
            QueryNodeConfig config,
            ExecutorService executor) {
        this.collection = collection;
        this.shard = shard;
        this.channel = collection.channels().get(shard);
        this.log = log;
        this.catalog = catalog;
        this.config = config;
        this.loader = new SealedSegmentLoader(new SegmentReader(store), collection.schema());
        this.indexes = new IndexAttacher(collection, store, catalog, executor);
        this.searcher = new ShardSearcher(collection.schema(), executor, config.exactScanThreshold());
        this.thread = new Thread(this::run, "querynode-replay-c" + collection.id() + "-s" + shard);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public int progress() {
        return progress;
    }

    // ---------------------------------------------------------------- replay thread

    private void run() {
        try {
            loadSealed();
            replay();
        } catch (RuntimeException e) {
            if (running) {
                synchronized (tsafeMonitor) {
                    failure = e;
                    tsafeMonitor.notifyAll();
                }
                LOG.error("shard {} of collection {} failed: {}", shard, collection.id(), e.toString(), e);
            }
        }
    }

    private void loadSealed() {
        LogPosition checkpoint = catalog.checkpoint(collection.id(), shard);
        Map<LogPosition, List<SegmentInfo>> ranges = committedRanges(LogPosition.BEGINNING, checkpoint);
        List<Segment> sealed = new ArrayList<>();
        int done = 0;
        for (List<SegmentInfo> range : ranges.values()) {
            sealed.addAll(loader.loadRange(range, primaryKeys));
            progress = Math.min(80, 80 * ++done / ranges.size());
        }
        indexes.attachAll(sealed, true);
        segments = new ShardSegments(sealed, List.of());
        sealedUpTo = checkpoint;
        lastApplied = checkpoint;
        LOG.info(
                "shard {} of collection {} loaded {} sealed segments ({} rows) up to {}",
                shard,
                collection.id(),
                sealed.size(),
                sealed.stream().mapToInt(Segment::size).sum(),
                checkpoint);
    }

    private void replay() {
        LogPosition target = log.lastPosition(channel);
        long lastMaintenance = 0;
        try (LogReader reader = log.open(channel, sealedUpTo)) {
            while (running) {
                for (LogEntry entry : reader.poll(config.replayBatch(), Duration.ofMillis(50))) {
                    apply(entry);
                }
                if (progress < 100 && lastApplied.compareTo(target) >= 0) {
                    synchronized (tsafeMonitor) {
                        progress = 100;
                        tsafeMonitor.notifyAll();
                    }
                    LOG.info(
                            "shard {} of collection {} is serving (replayed up to {})",
                            shard,
                            collection.id(),
                            lastApplied);
                }
                long now = System.nanoTime();
                if (now - lastMaintenance > config.handoffInterval().toNanos()) {
                    lastMaintenance = now;
                    handOff();
                    indexes.attachAll(segments.sealed(), false);
                }
            }
        }
    }

    private void apply(LogEntry entry) {
        WalEntry wal = WalEntries.decode(entry.payload());
        long ts = wal.getTimestamp();
        switch (wal.getBodyCase()) {
            case INSERT -> {
                var body = wal.getInsert();
                if (body.getCollectionId() == collection.id() && body.getShard() == shard) {
                    ColumnBatch rows = WalEntries.rows(body, collection.schema(), ts);
                    Segment chunk = new Segment(
                            0,
                            body.getPartitionId(),
                            rows,
                            collection.schema().primaryKey().name(),
                            entry.position(),
                            false);
                    for (int row = 0; row < chunk.size(); row++) {
                        primaryKeys.put(PrimaryKeys.get(chunk.primaryKeys, row), chunk, row, ts);
                    }
                    segments = segments.withGrowing(chunk);
                }
            }
            case DELETE -> {
                var body = wal.getDelete();
                if (body.getCollectionId() == collection.id() && body.getShard() == shard) {
                    var keys = WalEntries.deletedKeys(body, collection.schema());
                    for (int i = 0; i < keys.size(); i++) {
                        primaryKeys.delete(PrimaryKeys.get(keys, i), ts);
                    }
                }
            }
            case TIME_TICK -> {
                primaryKeys.advance(ts);
                advanceTsafe(ts);
            }
            default ->
                LOG.warn(
                        "shard {} of collection {}: skipping log entry of unknown kind {} at {}",
                        shard,
                        collection.id(),
                        wal.getBodyCase(),
                        entry.position());
        }
        lastApplied = entry.position();
    }

    private void advanceTsafe(long ts) {
        if (ts > tsafe) {
            synchronized (tsafeMonitor) {
                tsafe = ts;
                tsafeMonitor.notifyAll();
            }
        }
    }

    private void handOff() {
        LogPosition checkpoint = catalog.checkpoint(collection.id(), shard);
        if (!checkpoint.isAfter(sealedUpTo) || lastApplied.compareTo(checkpoint) < 0) {
            return;
        }
        String pkField = collection.schema().primaryKey().name();
        ShardSegments next = segments;
        for (List<SegmentInfo> range : committedRanges(sealedUpTo, checkpoint).values()) {
            next = Handoff.apply(next, range, pkField, primaryKeys);
        }
        segments = next;
        sealedUpTo = checkpoint;
    }

    /** Committed segments of this shard with ranges inside (after, upTo], grouped by range end, in log order. */
    private Map<LogPosition, List<SegmentInfo>> committedRanges(LogPosition after, LogPosition upTo) {
        return catalog.segments(collection.id()).stream()
                .filter(s -> s.shard() == shard
                        && s.start().compareTo(after) >= 0
                        && s.end().compareTo(upTo) <= 0)
                .collect(Collectors.groupingBy(SegmentInfo::end, TreeMap::new, Collectors.toList()));
    }

    // ---------------------------------------------------------------- reads

    public ShardSearchResult search(ShardSearchRequest request) {
        long snapshot = awaitSnapshot(request.guaranteeTs(), request.snapshotTs(), request.timeout());
        return searcher.search(segmentsOf(request.partitionIds()), request, filter(request.filter()), snapshot);
    }

    public ShardQueryResult query(ShardQueryRequest request) {
        long snapshot = awaitSnapshot(request.guaranteeTs(), request.snapshotTs(), request.timeout());
        return searcher.query(segmentsOf(request.partitionIds()), request, filter(request.filter()), snapshot);
    }

    private List<Segment> segmentsOf(List<Long> partitionIds) {
        List<Segment> all = segments.all();
        if (partitionIds.isEmpty()) {
            return all;
        }
        return all.stream().filter(s -> partitionIds.contains(s.partitionId)).toList();
    }

    private Filter filter(String text) {
        if (text.isBlank()) {
            return null;
        }
        Filter cached = filters.get(text);
        if (cached != null) {
            return cached;
        }
        Filter parsed = FilterParser.parse(text, collection.schema());
        if (filters.size() < 1024) {
            filters.put(text, parsed);
        }
        return parsed;
    }

    /**
     * Waits until the shard is loaded and serves {@code guarantee}, at most {@code timeout}, and returns
     * the timestamp to read at.
     */
    private long awaitSnapshot(long guarantee, long snapshot, Duration timeout) {
        long wanted = Math.max(guarantee, snapshot);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (tsafeMonitor) {
            while (failure == null && (progress < 100 || tsafe < wanted)) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw notServing(wanted, timeout);
                }
                try {
                    tsafeMonitor.wait(Math.max(1, remaining / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new QuiverException(ErrorCode.UNAVAILABLE, "interrupted while waiting for shard " + shard);
                }
            }
        }
        if (failure != null) {
            throw new QuiverException(
                    ErrorCode.UNAVAILABLE,
                    "shard " + shard + " of collection '" + collection.name() + "' failed: " + failure.getMessage());
        }
        return snapshot > 0 ? snapshot : tsafe;
    }

    private QuiverException notServing(long wanted, Duration timeout) {
        if (progress < 100) {
            return new QuiverException(
                    ErrorCode.COLLECTION_NOT_LOADED,
                    "collection '" + collection.name() + "' is still loading (shard " + shard + " at " + progress
                            + "% after waiting " + timeout.toMillis() + " ms)");
        }
        return new QuiverException(
                ErrorCode.TIMEOUT,
                "shard " + shard + " of collection '" + collection.name() + "' did not reach timestamp " + wanted
                        + " within " + timeout.toMillis() + " ms (it serves up to " + tsafe + ", "
                        + (Timestamps.physicalMillis(wanted) - Timestamps.physicalMillis(tsafe)) + " ms behind)");
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        segments.all().forEach(Segment::close);
        segments = ShardSegments.EMPTY;
    }
}
