package io.quiver.wal;

import java.time.Duration;
import java.util.List;

/** Reads one channel in order. Not thread-safe: one consumer thread per reader. */
public interface LogReader extends AutoCloseable {

    /**
     * The next entries (at most {@code maxEntries}), waiting up to {@code timeout} for at least one;
     * empty if none arrived in time. Each call continues after the last entry returned.
     */
    List<LogEntry> poll(int maxEntries, Duration timeout);

    @Override
    void close();
}
