package io.quiver.wal;

import static java.util.Objects.requireNonNull;

/** One entry read back from a channel. */
public record LogEntry(LogPosition position, byte[] payload) {
    public LogEntry {
        requireNonNull(position, "position");
        requireNonNull(payload, "payload");
    }
}
