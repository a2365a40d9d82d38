package io.quiver.wal.local;

import static io.quiver.wal.local.SegmentFormat.FRAME_HEADER_BYTES;
import static io.quiver.wal.local.SegmentFormat.HEADER_BYTES;

import io.quiver.wal.local.ChannelLog.DurableMark;
import io.quiver.wal.local.SegmentFormat.FrameHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one channel back after a restart or a crash: checks every segment header, scans the last segment
 * frame by frame and cuts off a torn tail (what a crash in the middle of a write leaves). A bad frame that
 * is followed by other data is corruption, not a torn write, and fails the recovery.
 */
final class ChannelRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelRecovery.class);

    private final String channel;
    private final Path directory;

    private ChannelRecovery(String channel, Path directory) {
        this.channel = channel;
        this.directory = directory;
    }

    /** What the scan of the last segment found: the next sequence to write and where to write it. */
    private record Tail(long nextSequence, long endOffset) {}

    /**
     * @throws io.quiver.common.QuiverException CORRUPT_DATA naming the channel, segment file and offset
     * @throws IOException if a file cannot be read or repaired
     */
    static ChannelLog recover(String channel, Path directory) throws IOException {
        return new ChannelRecovery(channel, directory).recover();
    }

    private ChannelLog recover() throws IOException {
        TreeMap<Long, Path> segments = listSegments();
        if (segments.isEmpty()) {
            return new ChannelLog(channel, directory, segments, DurableMark.EMPTY);
        }
        for (Path file : segments.headMap(segments.lastKey()).values()) {
            checkHeader(file);
        }
        Map.Entry<Long, Path> last = segments.lastEntry();
        Tail tail = recoverLastSegment(last.getValue(), last.getKey());
        if (tail != null) {
            DurableMark mark = new DurableMark(tail.nextSequence() - 1, last.getKey(), tail.endOffset());
            return new ChannelLog(channel, directory, segments, mark);
        }
        segments.remove(last.getKey());
        long lastSequence = last.getKey() - 1;
        Map.Entry<Long, Path> previous = segments.lastEntry();
        DurableMark mark = previous == null
                ? new DurableMark(lastSequence, last.getKey(), 0)
                : new DurableMark(lastSequence, previous.getKey(), Files.size(previous.getValue()));
        return new ChannelLog(channel, directory, segments, mark);
    }

    private TreeMap<Long, Path> listSegments() throws IOException {
        TreeMap<Long, Path> segments = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                long firstSequence = SegmentFormat.firstSequenceOf(file);
                if (firstSequence >= 0) {
                    segments.put(firstSequence, file);
                }
            });
        }
        return segments;
    }

    private void checkHeader(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            if (in.read(header, 0) < HEADER_BYTES) {
                throw SegmentFormat.corrupt(channel, file, 0, "file is shorter than its header");
            }
            SegmentFormat.decodeHeader(header.flip(), channel, file);
        }
    }

    /** Scans the last segment and truncates a torn tail; returns null if the header itself was torn. */
    private Tail recoverLastSegment(Path file, long firstSequence) throws IOException {
        try (FileChannel io = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = io.size();
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            if (size < HEADER_BYTES || isZero(io, 0, size)) {
                LOG.warn(
                        "Deleting segment file {} of write-ahead log channel '{}': its header is torn ({} bytes)",
                        file,
                        channel,
                        size);
                Files.delete(file);
                return null;
            }
            io.read(header, 0);
            SegmentFormat.decodeHeader(header.flip(), channel, file);
            SegmentInput input = new SegmentInput(io, HEADER_BYTES, size);
            long expected = firstSequence;
            while (input.remaining() > 0) {
                long frameStart = input.offset();
                String problem = nextFrameProblem(input, expected, io, file, size);
                if (problem != null) {
                    truncateTornTail(io, file, frameStart, size, problem);
                    return new Tail(expected, frameStart);
                }
                expected++;
            }
            return new Tail(expected, size);
        }
    }

    /**
     * Reads the frame of sequence {@code expected}; returns null if it is whole and sound, or what is wrong
     * with it if it is a torn tail.
     */
    private String nextFrameProblem(SegmentInput input, long expected, FileChannel io, Path file, long size)
            throws IOException {
        long frameStart = input.offset();
        if (input.remaining() < FRAME_HEADER_BYTES) {
            return "incomplete frame header";
        }
        ByteBuffer headerBytes = ByteBuffer.allocate(FRAME_HEADER_BYTES);
        input.readFully(headerBytes);
        FrameHeader frame = FrameHeader.decode(headerBytes.flip());
        if (frame.length() < 0 || frame.length() > input.remaining()) {
            return "incomplete frame of " + frame.length() + " bytes";
        }
        byte[] payload = new byte[frame.length()];
        input.readFully(ByteBuffer.wrap(payload));
        String problem = frame.crc() != SegmentFormat.crc(payload)
                ? "CRC32C mismatch in the payload of entry " + expected
                : frame.sequence() != expected
                        ? "sequence " + frame.sequence() + " where " + expected + " was expected"
                        : null;
        if (problem == null || input.remaining() == 0 || isZero(io, frameStart, size)) {
            return problem;
        }
        throw SegmentFormat.corrupt(channel, file, frameStart, problem);
    }

    private void truncateTornTail(FileChannel io, Path file, long offset, long size, String problem)
            throws IOException {
        LOG.warn(
                "Truncating the torn tail of write-ahead log channel '{}': segment file {} from offset {} "
                        + "({} bytes): {}",
                channel,
                file,
                offset,
                size - offset,
                problem);
        io.truncate(offset);
        io.force(true);
    }

    /** Whether every byte of {@code [from, to)} is zero: what a crash can leave after a file grew. */
    private static boolean isZero(FileChannel io, long from, long to) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        for (long position = from; position < to; ) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), to - position));
            int read = io.read(chunk, position);
            if (read <= 0) {
                return true;
            }
            for (int i = 0; i < read; i++) {
                if (chunk.get(i) != 0) {
                    return false;
                }
            }
            position += read;
        }
        return true;
    }
}
