package io.quiver.writenode.internal;

import io.quiver.common.wal.WalEntries;
import io.quiver.coordinator.Catalog;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.proto.wal.WalEntry;
import io.quiver.wal.LogEntry;
import io.quiver.wal.LogPosition;
import io.quiver.wal.LogReader;
import io.quiver.wal.WriteAheadLog;
import io.quiver.writenode.WriteNodeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes one physical channel on one thread: buffers each (collection, shard)'s rows after its
 * checkpoint, and seals a buffer when it is large, old, or a flush asks for it. A flush at timestamp F
 * seals once a tick at or above F has been read, since by then every write below F is buffered.
 */
final class ChannelConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelConsumer.class);

    private record ShardId(long collectionId, int shard) {}

    private record FlushRequest(long collectionId, long timestamp, CompletableFuture<Void> done) {}

    private final String channel;
    private final WriteAheadLog log;
    private final Catalog catalog;
    private final SegmentSealer sealer;
    private final WriteNodeConfig config;
    private final Map<ShardId, ShardBuffer> buffers = new HashMap<>();
    private final ConcurrentLinkedQueue<FlushRequest> newFlushes = new ConcurrentLinkedQueue<>();
    private final List<FlushRequest> pendingFlushes = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private LogPosition lastPosition = LogPosition.BEGINNING;
    private long lastTick;

    ChannelConsumer(String channel, WriteAheadLog log, Catalog catalog, SegmentSealer sealer, WriteNodeConfig config) {
        this.channel = channel;
        this.log = log;
        this.catalog = catalog;
        this.sealer = sealer;
        this.config = config;
        this.thread = new Thread(this::run, "writenode-" + channel);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Completes once every row of the collection on this channel written below {@code timestamp} is sealed. */
    CompletableFuture<Void> flush(long collectionId, long timestamp) {
        FlushRequest request = new FlushRequest(collectionId, timestamp, new CompletableFuture<>());
        newFlushes.add(request);
        return request.done();
    }

    private void run() {
        LogPosition from = startPosition();
        LOG.info("write node consuming channel {} after {}", channel, from);
        try (LogReader reader = log.open(channel, from)) {
            while (running) {
                try {
                    for (LogEntry entry : reader.poll(256, Duration.ofMillis(50))) {
                        apply(entry);
                    }
                    sealDue();
                } catch (RuntimeException e) {
                    LOG.error("channel {}: sealing failed, will retry: {}", channel, e.toString(), e);
                    sleep(Duration.ofSeconds(1));
                }
            }
        }
        failPending("write node stopped");
    }

    /**
     * The oldest checkpoint of any shard on this channel: everything after it may still need sealing. The
     * log's end is read before the catalog, so a collection the catalog does not list yet was created after
     * that end was taken and has no entry before it.
     */
    private LogPosition startPosition() {
        LogPosition end = log.lastPosition(channel);
        LogPosition from = null;
        for (CollectionInfo collection : catalog.collections(Catalog.DEFAULT_DATABASE)) {
            for (int shard = 0; shard < collection.shards(); shard++) {
                if (collection.channels().get(shard).equals(channel)) {
                    LogPosition checkpoint = catalog.checkpoint(collection.id(), shard);
                    from = from == null || checkpoint.compareTo(from) < 0 ? checkpoint : from;
                }
            }
        }
        return from == null ? end : from;
    }

    private void apply(LogEntry entry) {
        WalEntry wal = WalEntries.decode(entry.payload());
        lastPosition = entry.position();
        switch (wal.getBodyCase()) {
            case INSERT -> {
                var body = wal.getInsert();
                buffer(body.getCollectionId(), body.getShard(), entry.position())
                        .ifPresent(buffer -> {
                            var collection = catalog.findCollection(body.getCollectionId())
                                    .orElseThrow();
                            buffer.addRows(
                                    body.getPartitionId(),
                                    WalEntries.rows(body, collection.schema(), wal.getTimestamp()));
                        });
            }
            case DELETE -> {
                var body = wal.getDelete();
                buffer(body.getCollectionId(), body.getShard(), entry.position())
                        .ifPresent(buffer -> {
                            var collection = catalog.findCollection(body.getCollectionId())
                                    .orElseThrow();
                            buffer.addDeletes(WalEntries.deletedKeys(body, collection.schema()), wal.getTimestamp());
                        });
            }
            case TIME_TICK -> lastTick = Math.max(lastTick, wal.getTimestamp());
            default -> LOG.warn("channel {}: skipping log entry of unknown kind {}", channel, wal.getBodyCase());
        }
    }

    /** The buffer for an entry, or empty if its collection is gone or the entry is already sealed. */
    private Optional<ShardBuffer> buffer(long collectionId, int shard, LogPosition position) {
        if (catalog.findCollection(collectionId).isEmpty()) {
            buffers.remove(new ShardId(collectionId, shard));
            return Optional.empty();
        }
        ShardBuffer buffer = buffers.computeIfAbsent(
                new ShardId(collectionId, shard),
                id -> new ShardBuffer(collectionId, shard, catalog.checkpoint(collectionId, shard)));
        return buffer.covers(position) ? Optional.empty() : Optional.of(buffer);
    }

    private void sealDue() {
        for (FlushRequest request; (request = newFlushes.poll()) != null; ) {
            pendingFlushes.add(request);
        }
        List<FlushRequest> ready =
                pendingFlushes.stream().filter(f -> f.timestamp() <= lastTick).toList();
        for (FlushRequest flush : ready) {
            Optional<CollectionInfo> collection = catalog.findCollection(flush.collectionId());
            if (collection.isPresent()) {
                for (int shard = 0; shard < collection.get().shards(); shard++) {
                    if (collection.get().channels().get(shard).equals(channel)) {
                        seal(collection.get(), shard);
                    }
                }
            }
            pendingFlushes.remove(flush);
            flush.done().complete(null);
        }
        for (ShardBuffer buffer : List.copyOf(buffers.values())) {
            if (buffer.bytes() >= config.segmentMaxBytes()
                    || buffer.ageNanos() >= config.segmentMaxAge().toNanos()) {
                catalog.findCollection(buffer.collectionId).ifPresent(c -> seal(c, buffer.shard));
            }
        }
    }

    private void seal(CollectionInfo collection, int shard) {
        ShardBuffer buffer = buffers.computeIfAbsent(
                new ShardId(collection.id(), shard),
                id -> new ShardBuffer(collection.id(), shard, catalog.checkpoint(collection.id(), shard)));
        sealer.seal(collection, buffer, lastPosition);
    }

    private void failPending(String reason) {
        List<FlushRequest> all = new ArrayList<>(pendingFlushes);
        all.addAll(newFlushes);
        all.forEach(f -> f.done()
                .completeExceptionally(new io.quiver.common.QuiverException(
                        io.quiver.common.ErrorCode.UNAVAILABLE,
                        "flush of collection " + f.collectionId() + " failed: " + reason)));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
