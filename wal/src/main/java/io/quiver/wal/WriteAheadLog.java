package io.quiver.wal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * An ordered, durable log of named channels: the source of truth of every write.
 *
 * <p>Backends: {@code LocalWriteAheadLog} (standalone: segmented, CRC-framed files per channel) and
 * {@code PulsarWriteAheadLog} (cluster: a persistent topic per channel). Both pass {@code
 * WriteAheadLogContractTest}.
 */
public interface WriteAheadLog extends AutoCloseable {

    /**
     * Appends one entry. The future completes only once the entry is durable (survives a crash of the
     * process and of the machine), with the entry's position. Entries appended to one channel from
     * one thread are stored in call order.
     */
    CompletableFuture<LogPosition> append(String channel, byte[] payload);

    /**
     * Opens a reader over {@code channel} that returns every entry after {@code after} (exclusive), in
     * log order; {@link LogPosition#BEGINNING} reads from the first entry still retained.
     */
    LogReader open(String channel, LogPosition after);

    /**
     * Allows the log to discard entries before {@code position} (exclusive). Entries at or after it stay
     * readable. A backend may keep more than asked.
     */
    void truncateBefore(String channel, LogPosition position);

    /** The position of the last entry of {@code channel}, or {@link LogPosition#BEGINNING} if it has none. */
    LogPosition lastPosition(String channel);

    @Override
    void close();

    /** Default wait of {@link LogReader#poll} callers that have nothing better to do. */
    Duration DEFAULT_POLL = Duration.ofMillis(100);
}
