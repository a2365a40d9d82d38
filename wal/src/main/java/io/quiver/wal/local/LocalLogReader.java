package io.quiver.wal.local;

import static io.quiver.wal.local.SegmentFormat.FRAME_HEADER_BYTES;
import static io.quiver.wal.local.SegmentFormat.HEADER_BYTES;
import static java.util.Objects.requireNonNull;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.wal.LogEntry;
import io.quiver.wal.LogReader;
import io.quiver.wal.local.ChannelLog.DurableMark;
import io.quiver.wal.local.SegmentFormat.FrameHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads one channel of a {@link LocalWriteAheadLog} through its own file handle. It reads only bytes that are
 * durable (up to the channel's {@link DurableMark}), so it never sees an entry whose append has not completed.
 * Entries removed by truncation are skipped: the reader goes on at the first entry still retained.
 */
final class LocalLogReader implements LogReader {
    /** One poll stops adding entries once it holds this many payload bytes. */
    private static final long MAX_POLL_BYTES = 64L << 20;

    private final ChannelLog channel;
    private final Consumer<LocalLogReader> onClose;
    private long nextSequence;
    private boolean closed;

    /** The segment being read, or null. */
    private Path segmentFile;

    private long segmentFirstSequence = -1;
    /** Size of the segment once it is complete (no longer the one being written), or -1. */
    private long completeSize = -1;

    private FileChannel file;
    private SegmentInput input;

    LocalLogReader(ChannelLog channel, long afterSequence, Consumer<LocalLogReader> onClose) {
        this.channel = channel;
        this.nextSequence = afterSequence + 1;
        this.onClose = onClose;
    }

    @Override
    public synchronized List<LogEntry> poll(int maxEntries, Duration timeout) {
        QuiverException.check(maxEntries > 0, "maxEntries must be positive, got %d", maxEntries);
        requireNonNull(timeout, "timeout");
        if (closed) {
            throw new QuiverException(
                    ErrorCode.UNAVAILABLE, "this reader of write-ahead log " + channel + " is closed");
        }
        DurableMark mark = channel.awaitDurable(nextSequence, timeout);
        List<LogEntry> entries = new ArrayList<>();
        long bytes = 0;
        try {
            while (entries.size() < maxEntries && bytes < MAX_POLL_BYTES && positionAt(mark)) {
                LogEntry entry = readNext();
                entries.add(entry);
                bytes += entry.payload().length;
            }
        } catch (IOException | RuntimeException e) {
            closeSegment();
            if (entries.isEmpty()) {
                throw e instanceof QuiverException quiver ? quiver : unavailable(e);
            }
            // Hand out what was read; the next poll meets the problem again.
        }
        return entries;
    }

    /** Waits for a running poll to return; the log wakes waiting polls before it closes its readers. */
    @Override
    public synchronized void close() {
        closed = true;
        closeSegment();
        onClose.accept(this);
    }

    /**
     * Moves to the segment holding {@code nextSequence} and sets the read limit; false if that entry is not
     * durable yet.
     */
    private boolean positionAt(DurableMark mark) throws IOException {
        while (nextSequence <= mark.sequence()) {
            Map.Entry<Long, Path> holder = channel.segmentHolding(nextSequence);
            if (holder == null) {
                long first = channel.firstRetainedSequence();
                nextSequence = first > nextSequence ? first : mark.sequence() + 1;
                closeSegment();
            } else if (holder.getKey() == segmentFirstSequence || openSegment(holder, mark)) {
                input.limit(readLimit(mark));
                return true;
            }
        }
        return false;
    }

    private long readLimit(DurableMark mark) throws IOException {
        if (segmentFirstSequence == mark.segmentFirstSequence()) {
            return mark.endOffset();
        }
        if (completeSize < 0) {
            completeSize = file.size();
        }
        return completeSize;
    }

    /** Opens the segment and seeks to {@code nextSequence}; false if truncation deleted it meanwhile. */
    private boolean openSegment(Map.Entry<Long, Path> segment, DurableMark mark) throws IOException {
        closeSegment();
        try {
            file = FileChannel.open(segment.getValue(), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            if (segment.equals(channel.segmentHolding(nextSequence))) {
                throw SegmentFormat.corrupt(channel.name(), segment.getValue(), 0, "the segment file is missing");
            }
            return false;
        }
        segmentFile = segment.getValue();
        segmentFirstSequence = segment.getKey();
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        if (file.read(header, 0) < HEADER_BYTES) {
            throw SegmentFormat.corrupt(channel.name(), segmentFile, 0, "file is shorter than its header");
        }
        SegmentFormat.decodeHeader(header.flip(), channel.name(), segmentFile);
        input = new SegmentInput(file, HEADER_BYTES, readLimit(mark));
        for (long sequence = segmentFirstSequence; sequence < nextSequence; sequence++) {
            input.skip(readFrameHeader(sequence).length());
        }
        return true;
    }

    private LogEntry readNext() throws IOException {
        long offset = input.offset();
        FrameHeader frame = readFrameHeader(nextSequence);
        byte[] payload = new byte[frame.length()];
        input.readFully(ByteBuffer.wrap(payload));
        if (SegmentFormat.crc(payload) != frame.crc()) {
            throw SegmentFormat.corrupt(
                    channel.name(), segmentFile, offset, "CRC32C mismatch in the payload of entry " + nextSequence);
        }
        LogEntry entry = new LogEntry(SequencePositions.of(nextSequence), payload);
        nextSequence++;
        return entry;
    }

    private FrameHeader readFrameHeader(long expectedSequence) throws IOException {
        long offset = input.offset();
        if (input.remaining() < FRAME_HEADER_BYTES) {
            throw SegmentFormat.corrupt(
                    channel.name(),
                    segmentFile,
                    offset,
                    "entry " + expectedSequence + " is missing: the segment ends here");
        }
        ByteBuffer bytes = ByteBuffer.allocate(FRAME_HEADER_BYTES);
        input.readFully(bytes);
        FrameHeader frame = FrameHeader.decode(bytes.flip());
        if (frame.sequence() != expectedSequence) {
            throw SegmentFormat.corrupt(
                    channel.name(),
                    segmentFile,
                    offset,
                    "sequence " + frame.sequence() + " where " + expectedSequence + " was expected");
        }
        if (frame.length() < 0 || frame.length() > input.remaining()) {
            throw SegmentFormat.corrupt(
                    channel.name(),
                    segmentFile,
                    offset,
                    "entry " + expectedSequence + " claims " + frame.length() + " bytes but " + input.remaining()
                            + " remain");
        }
        return frame;
    }

    private void closeSegment() {
        FileChannel open = file;
        file = null;
        input = null;
        segmentFile = null;
        segmentFirstSequence = -1;
        completeSize = -1;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                // Nothing was written through this handle: nothing can be lost.
            }
        }
    }

    private QuiverException unavailable(Exception e) {
        return new QuiverException(ErrorCode.UNAVAILABLE, "cannot read write-ahead log " + channel + ": " + e, e);
    }
}
