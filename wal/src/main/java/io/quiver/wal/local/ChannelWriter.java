package io.quiver.wal.local;

import static io.quiver.wal.local.SegmentFormat.FRAME_HEADER_BYTES;
import static io.quiver.wal.local.SegmentFormat.HEADER_BYTES;

import io.quiver.wal.local.ChannelLog.DurableMark;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer thread's handle on one channel: writes frames to the active segment, rolls to a new segment
 * file when the active one is full, and forces what it wrote. Used by the writer thread only.
 */
final class ChannelWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelWriter.class);

    private final ChannelLog channel;
    private final long segmentBytes;
    private long nextSequence;

    private FileChannel active;
    private long activeFirstSequence;
    private long activeBytes;
    /** Segments rolled away since the last force: forced and closed by the next {@link #force()}. */
    private final List<FileChannel> rolled = new ArrayList<>();

    private boolean channelDirectoryCreated;
    private boolean segmentCreated;

    ChannelWriter(ChannelLog channel, long segmentBytes) {
        this.channel = channel;
        this.segmentBytes = segmentBytes;
        this.nextSequence = channel.durable().sequence() + 1;
    }

    ChannelLog channel() {
        return channel;
    }

    /** Writes one entry (not yet forced) and returns its sequence. */
    long append(byte[] payload) throws IOException {
        if (active == null) {
            openActive();
        }
        if (activeBytes >= segmentBytes && activeBytes > HEADER_BYTES) {
            rolled.add(active);
            active = null;
            createSegment();
        }
        ByteBuffer header = SegmentFormat.encodeFrameHeader(payload, nextSequence);
        writeFully(new ByteBuffer[] {header, ByteBuffer.wrap(payload)});
        activeBytes += FRAME_HEADER_BYTES + (long) payload.length;
        return nextSequence++;
    }

    /** Forces every entry written so far (and the directory entries of new files) and returns the new mark. */
    DurableMark force() throws IOException {
        for (FileChannel file : rolled) {
            file.force(true);
            file.close();
        }
        rolled.clear();
        active.force(true);
        if (channelDirectoryCreated) {
            forceDirectory(channel.directory().getParent());
            channelDirectoryCreated = false;
        }
        if (segmentCreated) {
            forceDirectory(channel.directory());
            segmentCreated = false;
        }
        return new DurableMark(nextSequence - 1, activeFirstSequence, activeBytes);
    }

    @Override
    public void close() {
        List<FileChannel> files = new ArrayList<>(rolled);
        if (active != null) {
            files.add(active);
        }
        for (FileChannel file : files) {
            try {
                file.close();
            } catch (IOException e) {
                LOG.warn("Cannot close a segment file of write-ahead log {}", channel, e);
            }
        }
        rolled.clear();
        active = null;
    }

    private void openActive() throws IOException {
        Map.Entry<Long, Path> last = channel.lastSegment();
        if (last == null) {
            createSegment();
            return;
        }
        active = FileChannel.open(last.getValue(), StandardOpenOption.WRITE);
        activeFirstSequence = last.getKey();
        activeBytes = active.size();
        active.position(activeBytes);
    }

    private void createSegment() throws IOException {
        Path directory = channel.directory();
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
            channelDirectoryCreated = true;
        }
        Path file = directory.resolve(SegmentFormat.fileName(nextSequence));
        active = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        activeFirstSequence = nextSequence;
        activeBytes = HEADER_BYTES;
        segmentCreated = true;
        writeFully(new ByteBuffer[] {SegmentFormat.encodeHeader(nextSequence)});
        channel.addSegment(nextSequence, file);
        LOG.debug("Started segment file {} of write-ahead log {}", file, channel);
    }

    private void writeFully(ByteBuffer[] buffers) throws IOException {
        long remaining = 0;
        for (ByteBuffer buffer : buffers) {
            remaining += buffer.remaining();
        }
        while (remaining > 0) {
            remaining -= active.write(buffers);
        }
    }

    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel handle = FileChannel.open(directory, StandardOpenOption.READ)) {
            handle.force(true);
        }
    }
}
