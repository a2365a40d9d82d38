package io.quiver.wal.pulsar;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.wal.LogEntry;
import io.quiver.wal.LogReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Reader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link LogReader} over one channel topic, on a Pulsar {@link Reader} (a non-durable cursor). */
final class PulsarLogReader implements LogReader {
    private static final Logger LOG = LoggerFactory.getLogger(PulsarLogReader.class);

    private final String channel;
    private final Reader<byte[]> reader;
    private final Consumer<PulsarLogReader> onClose;
    private volatile boolean closed;

    PulsarLogReader(String channel, Reader<byte[]> reader, Consumer<PulsarLogReader> onClose) {
        this.channel = channel;
        this.reader = reader;
        this.onClose = onClose;
    }

    @Override
    public List<LogEntry> poll(int maxEntries, Duration timeout) {
        QuiverException.check(maxEntries > 0, "maxEntries must be positive, got %d", maxEntries);
        checkOpen();
        List<LogEntry> entries = new ArrayList<>();
        Message<byte[]> message = readNext(timeout.toMillis());
        while (message != null) {
            entries.add(new LogEntry(MessageIdPositions.encode(message.getMessageId()), message.getValue()));
            message = entries.size() < maxEntries ? readNext(0) : null;
        }
        return entries;
    }

    private Message<byte[]> readNext(long timeoutMillis) {
        try {
            return reader.readNext((int) Math.clamp(timeoutMillis, 0, Integer.MAX_VALUE), TimeUnit.MILLISECONDS);
        } catch (PulsarClientException e) {
            checkOpen();
            if (Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new QuiverException(
                        ErrorCode.UNAVAILABLE, "interrupted while reading channel '" + channel + "'", e);
            }
            throw new QuiverException(
                    ErrorCode.UNAVAILABLE,
                    "cannot read channel '" + channel + "' (topic " + reader.getTopic() + "): " + e.getMessage()
                            + "; retriable",
                    e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new QuiverException(
                    ErrorCode.UNAVAILABLE, "the reader of channel '" + channel + "' is closed (or its log is)");
        }
    }

    /** Closes the Pulsar reader. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            reader.close();
        } catch (Exception e) {
            LOG.warn("Cannot close the reader of channel '{}' (topic {})", channel, reader.getTopic(), e);
        }
        onClose.accept(this);
    }
}
