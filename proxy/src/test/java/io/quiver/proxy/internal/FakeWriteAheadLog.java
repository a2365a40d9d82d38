package io.quiver.proxy.internal;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.wal.WalEntries;
import io.quiver.wal.LogPosition;
import io.quiver.wal.LogReader;
import io.quiver.wal.WriteAheadLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A log that records the timestamp of every appended entry per channel, in append order. Appends are
 * durable at once, or, when held, only once the test completes them; appends to a rejected channel
 * fail synchronously, as an oversized entry does in the local log.
 */
final class FakeWriteAheadLog implements WriteAheadLog {
    /** An append not yet durable. */
    record Pending(String channel, long timestamp, CompletableFuture<LogPosition> future) {}

    private final boolean hold;
    private final Map<String, List<Long>> appended = new HashMap<>();
    private final TreeMap<Long, Integer> notDurable = new TreeMap<>();
    private final BlockingQueue<Pending> held = new LinkedBlockingQueue<>();
    private final Set<String> rejected = ConcurrentHashMap.newKeySet();
    private long sequence;

    FakeWriteAheadLog(boolean hold) {
        this.hold = hold;
    }

    void reject(String channel) {
        rejected.add(channel);
    }

    @Override
    public CompletableFuture<LogPosition> append(String channel, byte[] payload) {
        if (rejected.contains(channel)) {
            throw new QuiverException(ErrorCode.ARGUMENT_TOO_LARGE, "entry for channel '" + channel + "' is too large");
        }
        long timestamp = WalEntries.decode(payload).getTimestamp();
        long position;
        synchronized (this) {
            appended.computeIfAbsent(channel, c -> new ArrayList<>()).add(timestamp);
            notDurable.merge(timestamp, 1, Integer::sum);
            position = ++sequence;
        }
        CompletableFuture<LogPosition> future = new CompletableFuture<>();
        Pending pending = new Pending(channel, timestamp, future);
        if (hold) {
            held.add(pending);
        } else {
            complete(pending, position);
        }
        return future;
    }

    /** Makes a held append durable. */
    void complete(Pending pending) {
        complete(pending, 0);
    }

    private void complete(Pending pending, long position) {
        synchronized (this) {
            notDurable.computeIfPresent(pending.timestamp(), (ts, n) -> n == 1 ? null : n - 1);
        }
        pending.future()
                .complete(
                        new LogPosition(ByteBuffer.allocate(8).putLong(position).array()));
    }

    /** Fails a held append: it never becomes durable. */
    void fail(Pending pending, Throwable cause) {
        synchronized (this) {
            notDurable.computeIfPresent(pending.timestamp(), (ts, n) -> n == 1 ? null : n - 1);
        }
        pending.future().completeExceptionally(cause);
    }

    BlockingQueue<Pending> held() {
        return held;
    }

    /** The oldest timestamp appended but not yet durable, or Long.MAX_VALUE. */
    synchronized long oldestNotDurable() {
        return notDurable.isEmpty() ? Long.MAX_VALUE : notDurable.firstKey();
    }

    synchronized Map<String, List<Long>> appended() {
        Map<String, List<Long>> copy = new HashMap<>();
        appended.forEach((channel, list) -> copy.put(channel, List.copyOf(list)));
        return copy;
    }

    @Override
    public LogReader open(String channel, LogPosition after) {
        throw new UnsupportedOperationException("the proxy never reads the log");
    }

    @Override
    public void truncateBefore(String channel, LogPosition position) {
        throw new UnsupportedOperationException("the proxy never truncates the log");
    }

    @Override
    public LogPosition lastPosition(String channel) {
        throw new UnsupportedOperationException("the proxy never asks for positions");
    }

    @Override
    public void close() {}
}
