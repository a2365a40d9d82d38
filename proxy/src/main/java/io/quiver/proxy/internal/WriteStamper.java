package io.quiver.proxy.internal;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.wal.WalEntries;
import io.quiver.coordinator.TickSource;
import io.quiver.coordinator.TimestampOracle;
import io.quiver.wal.LogPosition;
import io.quiver.wal.WriteAheadLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Stamps each write request with one timestamp and appends its entries, so that within this proxy and
 * each channel entries are appended in timestamp order (the channels a request touches are locked, in
 * name order, while it takes its timestamp and enqueues its appends). As a {@link TickSource} it reports
 * the oldest timestamp still in flight, so no tick passes a write that is not yet durable.
 *
 * <p><b>Write lease.</b> That holds only while the coordinator leader hears the reports. In a cluster a
 * proxy cut off from the leader is dropped from the tick bound after a while, and a deposed leader's
 * successor ticks without knowing this proxy's writes; an entry appended after that could land below a
 * published tick. So a write is appended only while {@code leaseHeld} says the leader has recently
 * acknowledged a report of this proxy (waiting up to {@code leaseWait} for one, else failing with nothing
 * written), and a write whose append completes after the lease lapsed fails as of unknown outcome (its
 * entries may be in the log; retrying is safe because a write of the same keys replaces them). A
 * timestamp not above a safe timestamp already handed out (only a deposed leader could answer one) is
 * refused before anything is appended.
 */
public final class WriteStamper implements TickSource {
    private final TimestampOracle tso;
    private final WriteAheadLog log;
    private final Map<String, ReentrantLock> channelLocks = new ConcurrentHashMap<>();
    private final TreeMap<Long, Integer> inFlight = new TreeMap<>();
    private final BooleanSupplier leaseHeld;
    private long reportedSafe; // guarded by this: the newest safe timestamp handed out
    private final Duration leaseWait;

    /** A stamper whose writes need no lease: its coordinator runs in the same process. */
    public WriteStamper(TimestampOracle tso, WriteAheadLog log) {
        this(tso, log, () -> true, Duration.ZERO);
    }

    /**
     * @param leaseHeld whether the coordinator leader still accounts for this stamper's in-flight writes
     * @param leaseWait how long a write waits for a lapsed lease to be renewed before it fails
     */
    public WriteStamper(TimestampOracle tso, WriteAheadLog log, BooleanSupplier leaseHeld, Duration leaseWait) {
        this.tso = tso;
        this.log = log;
        this.leaseHeld = leaseHeld;
        this.leaseWait = leaseWait;
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
                awaitLease(timestamp);
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
            if (!leaseHeld.getAsBoolean()) {
                throw new QuiverException(
                        ErrorCode.UNAVAILABLE,
                        "the outcome of the write at timestamp " + timestamp + " is unknown: the log persisted it"
                                + " only after this proxy lost contact with the coordinator leader, so reads may"
                                + " not see it consistently; retry the write (writing the same keys again"
                                + " replaces them)");
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

    /** Returns once the lease is held, or fails (nothing written) after {@code leaseWait}. */
    private void awaitLease(long timestamp) {
        if (leaseHeld.getAsBoolean()) {
            return;
        }
        long deadline = System.nanoTime() + leaseWait.toNanos();
        while (!leaseHeld.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new QuiverException(
                        ErrorCode.UNAVAILABLE,
                        "the coordinator leader has not acknowledged this proxy's writes for over "
                                + leaseWait.toMillis() + " ms, so the write at timestamp " + timestamp
                                + " was not appended (nothing was written); retry it");
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    private synchronized long begin() {
        long timestamp = tso.allocate();
        if (timestamp <= reportedSafe) {
            throw new QuiverException(
                    ErrorCode.UNAVAILABLE,
                    "the timestamp oracle answered " + timestamp + ", not above " + reportedSafe
                            + " which this proxy already reported safe (a deposed coordinator leader?); nothing"
                            + " was written; retry");
        }
        inFlight.merge(timestamp, 1, Integer::sum);
        return timestamp;
    }

    private synchronized void end(long timestamp) {
        inFlight.computeIfPresent(timestamp, (ts, count) -> count == 1 ? null : count - 1);
    }

    @Override
    public synchronized long safeTimestamp() {
        long safe = inFlight.isEmpty() ? tso.allocate() : inFlight.firstKey() - 1;
        reportedSafe = Math.max(reportedSafe, safe);
        return safe;
    }
}
