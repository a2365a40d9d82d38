package io.quiver.writenode;

import io.quiver.wal.LogPosition;
import io.quiver.wal.LogReader;
import io.quiver.wal.WriteAheadLog;
import java.util.concurrent.CompletableFuture;

/** Forwards every call to another log; tests override a method to interleave events. Close is a no-op. */
class ForwardingWriteAheadLog implements WriteAheadLog {
    private final WriteAheadLog delegate;

    ForwardingWriteAheadLog(WriteAheadLog delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableFuture<LogPosition> append(String channel, byte[] payload) {
        return delegate.append(channel, payload);
    }

    @Override
    public LogReader open(String channel, LogPosition after) {
        return delegate.open(channel, after);
    }

    @Override
    public void truncateBefore(String channel, LogPosition position) {
        delegate.truncateBefore(channel, position);
    }

    @Override
    public LogPosition lastPosition(String channel) {
        return delegate.lastPosition(channel);
    }

    @Override
    public void close() {}
}
