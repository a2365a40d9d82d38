package io.quiver.coordinator;

/** A writer (a proxy) that reports how far its writes are durable in the log. */
public interface TickSource {
    /**
     * A timestamp below which every write of this source is durable in the log, and below which it
     * will never write again.
     */
    long safeTimestamp();
}
