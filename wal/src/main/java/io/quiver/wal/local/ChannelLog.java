package io.quiver.wal.local;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one channel that the writer thread, readers and truncation share: its segment files and how
 * far it is durable. Only the writer thread adds segments and publishes durability.
 */
final class ChannelLog {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelLog.class);

    /**
     * How far the channel is durable: every entry up to {@code sequence} is fsynced; the last of them ends at
     * {@code endOffset} of the segment whose first sequence is {@code segmentFirstSequence}. Segments before
     * that one are complete.
     */
    record DurableMark(long sequence, long segmentFirstSequence, long endOffset) {
        static final DurableMark EMPTY = new DurableMark(0, 0, 0);
    }

    private final String name;
    private final Path directory;
    /** first sequence -> segment file, in log order. */
    private final ConcurrentSkipListMap<Long, Path> segments = new ConcurrentSkipListMap<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private volatile DurableMark durable;
    private volatile boolean closed;

    ChannelLog(String name, Path directory, NavigableMap<Long, Path> segments, DurableMark durable) {
        this.name = name;
        this.directory = directory;
        this.segments.putAll(segments);
        this.durable = durable;
    }

    String name() {
        return name;
    }

    Path directory() {
        return directory;
    }

    DurableMark durable() {
        return durable;
    }

    /** The last segment (the one the writer appends to), or null if the channel has none. */
    Map.Entry<Long, Path> lastSegment() {
        return segments.lastEntry();
    }

    /** The segment that holds {@code sequence} if it is still retained, or null. */
    Map.Entry<Long, Path> segmentHolding(long sequence) {
        return segments.floorEntry(sequence);
    }

    /** The first sequence still retained, or -1 if the channel has no segment. */
    long firstRetainedSequence() {
        Map.Entry<Long, Path> first = segments.firstEntry();
        return first == null ? -1 : first.getKey();
    }

    /** Called by the writer thread when it creates a segment file, before any of its entries is durable. */
    void addSegment(long firstSequence, Path file) {
        segments.put(firstSequence, file);
    }

    /** Called by the writer thread once entries are fsynced: wakes readers waiting for them. */
    void publish(DurableMark mark) {
        lock.lock();
        try {
            durable = mark;
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the entry {@code sequence} is durable, or the timeout passes, and returns the durable mark
     * then. Returns early, with the current mark, if the calling thread is interrupted (its flag stays set).
     *
     * @throws QuiverException UNAVAILABLE if the log is closed
     */
    DurableMark awaitDurable(long sequence, Duration timeout) {
        DurableMark mark = durable;
        if (mark.sequence() >= sequence || closed) {
            return checkOpen(mark);
        }
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (durable.sequence() < sequence && !closed && nanos > 0) {
                nanos = advanced.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        return checkOpen(durable);
    }

    /**
     * Deletes the segment files all of whose entries are before {@code sequence}. Never deletes the last
     * segment, nor entries that are not durable yet.
     *
     * @return how many segment files were deleted
     */
    int truncateBefore(long sequence) {
        lock.lock();
        try {
            long limit = Math.min(sequence, durable.sequence());
            int deleted = 0;
            for (Map.Entry<Long, Path> segment = segments.firstEntry(); segment != null; ) {
                Long next = segments.higherKey(segment.getKey());
                if (next == null || next > limit) {
                    break;
                }
                segments.remove(segment.getKey());
                Files.deleteIfExists(segment.getValue());
                deleted++;
                segment = segments.firstEntry();
            }
            if (deleted > 0) {
                LOG.info(
                        "Deleted {} segment files of write-ahead log channel '{}' before sequence {} in {}",
                        deleted,
                        name,
                        sequence,
                        directory);
            }
            return deleted;
        } catch (IOException e) {
            throw new QuiverException(
                    ErrorCode.UNAVAILABLE,
                    "cannot delete segment files of write-ahead log channel '" + name + "' in " + directory + ": " + e,
                    e);
        } finally {
            lock.unlock();
        }
    }

    /** Marks the channel closed and wakes every waiting reader. */
    void close() {
        lock.lock();
        try {
            closed = true;
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private DurableMark checkOpen(DurableMark mark) {
        if (closed) {
            throw new QuiverException(
                    ErrorCode.UNAVAILABLE, "write-ahead log channel '" + name + "' in " + directory + " is closed");
        }
        return mark;
    }

    @Override
    public String toString() {
        return "channel '" + name + "' in " + directory;
    }
}
