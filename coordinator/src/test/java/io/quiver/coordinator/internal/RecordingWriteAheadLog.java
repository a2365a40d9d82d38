package io.quiver.coordinator.internal;

import io.quiver.wal.LogPosition;
import io.quiver.wal.LogReader;
import io.quiver.wal.WriteAheadLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A write-ahead log that only records appends, per channel; appends fail while {@link #failing} is set. */
final class RecordingWriteAheadLog implements WriteAheadLog {
    private final Map<String, List<byte[]>> entries = new HashMap<>();
    volatile boolean failing;

    @Override
    public synchronized CompletableFuture<LogPosition> append(String channel, byte[] payload) {
        if (failing) {
            return CompletableFuture.failedFuture(new IllegalStateException("channel " + channel + " is down"));
        }
        List<byte[]> channelEntries = entries.computeIfAbsent(channel, c -> new ArrayList<>());
        channelEntries.add(payload.clone());
        return CompletableFuture.completedFuture(new LogPosition(
                ByteBuffer.allocate(Long.BYTES).putLong(channelEntries.size()).array()));
    }

    synchronized List<byte[]> entries(String channel) {
        return List.copyOf(entries.getOrDefault(channel, List.of()));
    }

    @Override
    public LogReader open(String channel, LogPosition after) {
        throw new UnsupportedOperationException("the recording log cannot be read");
    }

    @Override
    public void truncateBefore(String channel, LogPosition position) {
        throw new UnsupportedOperationException("the recording log cannot be truncated");
    }

    @Override
    public LogPosition lastPosition(String channel) {
        throw new UnsupportedOperationException("the recording log has no positions to report");
    }

    @Override
    public void close() {}
}
