package io.quiver.wal.local;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads a segment file sequentially through a buffer, never past a limit set by the caller: readers set it
 * to the end of the durable bytes, so they never see bytes the writer is still writing. Not thread-safe.
 */
final class SegmentInput {
    private static final int BUFFER_BYTES = 256 * 1024;

    private final FileChannel file;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).limit(0);
    /** File offset of {@code buffer} index 0. */
    private long bufferOffset;

    private long limit;

    SegmentInput(FileChannel file, long offset, long limit) {
        this.file = file;
        this.bufferOffset = offset;
        this.limit = limit;
    }

    /** File offset of the next byte to read. */
    long offset() {
        return bufferOffset + buffer.position();
    }

    void limit(long limit) {
        this.limit = limit;
    }

    /** Bytes that may still be read before the limit. */
    long remaining() {
        return limit - offset();
    }

    /** Fills {@code target} completely; at least {@code target.remaining()} bytes must remain. */
    void readFully(ByteBuffer target) throws IOException {
        if (target.remaining() > remaining()) {
            throw new EOFException("need " + target.remaining() + " bytes at offset " + offset() + ", only "
                    + remaining() + " remain");
        }
        while (target.hasRemaining()) {
            if (buffer.hasRemaining()) {
                int count = Math.min(buffer.remaining(), target.remaining());
                target.put(target.position(), buffer, buffer.position(), count);
                target.position(target.position() + count);
                buffer.position(buffer.position() + count);
            } else if (target.remaining() >= BUFFER_BYTES) {
                long start = offset();
                int read = readAt(target, start);
                bufferOffset = start + read;
                buffer.limit(0);
            } else {
                refill();
            }
        }
    }

    void skip(long count) throws IOException {
        if (count > remaining()) {
            throw new EOFException(
                    "cannot skip " + count + " bytes at offset " + offset() + ", only " + remaining() + " remain");
        }
        if (count <= buffer.remaining()) {
            buffer.position(buffer.position() + (int) count);
        } else {
            bufferOffset = offset() + count;
            buffer.limit(0);
        }
    }

    private void refill() throws IOException {
        long start = offset();
        buffer.clear();
        buffer.limit((int) Math.min(BUFFER_BYTES, limit - start));
        bufferOffset = start;
        readAt(buffer, start);
        buffer.flip();
    }

    /** Reads at least one byte at {@code position} into {@code target}, or fails at the end of the file. */
    private int readAt(ByteBuffer target, long position) throws IOException {
        int read = file.read(target, position);
        if (read <= 0) {
            throw new EOFException("end of file at offset " + position + " before the limit " + limit);
        }
        return read;
    }
}
