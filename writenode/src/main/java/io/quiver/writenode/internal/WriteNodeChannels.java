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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The write node's consumers (one per physical channel) and its index builder. */
public final class WriteNodeChannels implements AutoCloseable {
    private final Map<String, ChannelConsumer> consumers = new LinkedHashMap<>();
    private final IndexBuilder indexBuilder;
    private final SegmentWriter writer;

    public WriteNodeChannels(
            WriteAheadLog log,
            ObjectStore store,
            Catalog catalog,
            List<String> channels,
            WriteNodeConfig config,
            ExecutorService executor) {
        RecentSegments recent = new RecentSegments(4);
        this.writer = new SegmentWriter(store);
        SegmentSealer sealer = new SegmentSealer(writer, catalog, recent);
        for (String channel : channels) {
            consumers.put(channel, new ChannelConsumer(channel, log, catalog, sealer, config));
        }
        this.indexBuilder = new IndexBuilder(catalog, store, recent, executor, config);
    }

    public void start() {
        consumers.values().forEach(ChannelConsumer::start);
        indexBuilder.start();
    }

    /** Seals every shard of the collection up to {@code timestamp}; waits at most {@code timeout}. */
    public void flush(CollectionInfo collection, long timestamp, Duration timeout) {
        List<CompletableFuture<Void>> done = collection.channels().stream()
                .distinct()
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
