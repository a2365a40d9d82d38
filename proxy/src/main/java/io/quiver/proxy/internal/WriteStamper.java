package io.quiver.proxy.internal;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.wal.WalEntries;
import io.quiver.coordinator.TickSource;
import io.quiver.coordinator.TimestampOracle;
import io.quiver.wal.LogPosition;
import io.quiver.wal.WriteAheadLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Stamps each write request with one timestamp and appends its entries, so that within this proxy and
 * each channel entries are appended in timestamp order (the channels a request touches are locked, in
 * name order, while it takes its timestamp and enqueues its appends). As a {@link TickSource} it reports
 * the oldest timestamp still in flight, so no tick passes a write that is not yet durable.
 */
public final class WriteStamper implements TickSource {
    private final TimestampOracle tso;
    private final WriteAheadLog log;
    private final Map<String, ReentrantLock> channelLocks = new ConcurrentHashMap<>();
    private final TreeMap<Long, Integer> inFlight = new TreeMap<>();

    public WriteStamper(TimestampOracle tso, WriteAheadLog log) {
        this.tso = tso;
        this.log = log;
    }

    /**
     * Appends every body to its channel with one new timestamp; returns the timestamp once every entry
     * is durable.
     */
    public long write(Map<String, List<byte[]>> bodiesByChannel) {
        List<ReentrantLock> locks = new TreeSet<>(bodiesByChannel.keySet())
                .stream()
                        .map(channel -> channelLocks.computeIfAbsent(channel, c -> new ReentrantLock()))
                        .toList();
        List<CompletableFuture<LogPosition>> appends = new ArrayList<>();
        long timestamp;
        RuntimeException rejected = null;
        locks.forEach(ReentrantLock::lock);
        try {
            timestamp = begin();
            try {
                bodiesByChannel.forEach((channel, bodies) -> {
                    for (byte[] body : bodies) {
                        appends.add(log.append(channel, WalEntries.withTimestamp(body, timestamp)));
                    }
                });
            } catch (RuntimeException e) {
                rejected = e; // the entries already enqueued still carry the timestamp: wait for them below
            }
        } finally {
            locks.forEach(ReentrantLock::unlock);
        }
        try {
            CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).join();
            if (rejected != null) {
                throw rejected;
            }
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof QuiverException q
                    ? q
                    : new QuiverException(
                            ErrorCode.UNAVAILABLE, "the write-ahead log rejected the write: " + cause, cause);
        } finally {
            end(timestamp);
        }
        return timestamp;
    }

    private synchronized long begin() {
        long timestamp = tso.allocate();
        inFlight.merge(timestamp, 1, Integer::sum);
        return timestamp;
    }

    private synchronized void end(long timestamp) {
        inFlight.computeIfPresent(timestamp, (ts, count) -> count == 1 ? null : count - 1);
    }

    @Override
    public synchronized long safeTimestamp() {
        return inFlight.isEmpty() ? tso.allocate() : inFlight.firstKey() - 1;
    }
}
