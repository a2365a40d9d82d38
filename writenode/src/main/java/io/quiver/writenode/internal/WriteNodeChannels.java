package io.quiver.writenode.internal;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.coordinator.Catalog;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.storage.ObjectStore;
import io.quiver.storage.binlog.SegmentWriter;
import io.quiver.wal.WriteAheadLog;
import io.quiver.writenode.WriteNodeConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The write node's consumers (one per physical channel it is assigned) and its index builder. In a
 * cluster the assignment changes as write nodes join and leave ({@link #assign}); a channel taken over
 * is consumed from the catalog's checkpoints after a catalog refresh, and a channel given away stops at
 * once (its unsealed rows are still in the log, and the new owner seals them).
 */
public final class WriteNodeChannels implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WriteNodeChannels.class);

    private final Map<String, ChannelConsumer> consumers = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final IndexBuilder indexBuilder;
    private final SegmentWriter writer;
    private final WriteAheadLog log;
    private final Catalog catalog;
    private final SegmentSealer sealer;
    private final WriteNodeConfig config;
    private boolean started;

    public WriteNodeChannels(
            WriteAheadLog log,
            ObjectStore store,
            Catalog catalog,
            List<String> channels,
            WriteNodeConfig config,
            ExecutorService executor) {
        RecentSegments recent = new RecentSegments(1); // rows of the last sealed segment, for its index build
        this.log = log;
        this.catalog = catalog;
        this.config = config;
        this.writer = new SegmentWriter(store);
        this.sealer = new SegmentSealer(writer, catalog, recent);
        for (String channel : channels) {
            consumers.put(channel, new ChannelConsumer(channel, log, catalog, sealer, config));
        }
        this.indexBuilder = new IndexBuilder(catalog, store, recent, executor, config, consumers::containsKey);
    }

    public synchronized void start() {
        started = true;
        consumers.values().forEach(ChannelConsumer::start);
        indexBuilder.start();
    }

    /** Consumes exactly {@code channels} from now on: starts the new ones, stops the ones given away. */
    public synchronized void assign(java.util.Set<String> channels) {
        for (String channel : java.util.List.copyOf(consumers.keySet())) {
            if (!channels.contains(channel)) {
                consumers.remove(channel).close();
                LOG.info("write node stopped consuming channel {}", channel);
            }
        }
        java.util.List<String> added =
                channels.stream().filter(c -> !consumers.containsKey(c)).toList();
        if (added.isEmpty()) {
            return;
        }
        catalog.refresh(); // resume from the checkpoints the previous owner committed
        for (String channel : added) {
            ChannelConsumer consumer = new ChannelConsumer(channel, log, catalog, sealer, config);
            consumers.put(channel, consumer);
            if (started) {
                consumer.start();
            }
            LOG.info("write node consuming channel {}", channel);
        }
    }

    /** The channels this node consumes now. */
    public java.util.Set<String> channels() {
        return java.util.Set.copyOf(consumers.keySet());
    }

    /** Seals every shard of the collection up to {@code timestamp}; waits at most {@code timeout}. */
    public void flush(CollectionInfo collection, long timestamp, Duration timeout) {
        // in a cluster the coordinator asks each write node that consumes one of the collection's channels
        List<String> owned = collection.channels().stream()
                .distinct()
                .filter(consumers::containsKey)
                .toList();
        if (owned.isEmpty()) {
            throw new QuiverException(
                    ErrorCode.UNAVAILABLE,
                    "this write node consumes none of the channels " + collection.channels() + " of collection '"
                            + collection.name() + "'; retry");
        }
        List<CompletableFuture<Void>> done = owned.stream()
                .map(channel -> consumer(channel).flush(collection.id(), timestamp))
                .toList();
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new QuiverException(
                    ErrorCode.TIMEOUT,
                    "flush of collection '" + collection.name() + "' did not finish within " + timeout.toSeconds()
                            + " s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof QuiverException q
                    ? q
                    : new QuiverException(ErrorCode.INTERNAL, "flush failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuiverException(ErrorCode.UNAVAILABLE, "interrupted while flushing");
        }
    }

    private ChannelConsumer consumer(String channel) {
        ChannelConsumer consumer = consumers.get(channel);
        if (consumer == null) {
            throw new QuiverException(ErrorCode.UNAVAILABLE, "this write node does not consume channel " + channel);
        }
        return consumer;
    }

    @Override
    public void close() {
        indexBuilder.close();
        consumers.values().forEach(ChannelConsumer::close);
        writer.close();
    }
}
