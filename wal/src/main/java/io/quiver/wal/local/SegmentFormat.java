package io.quiver.wal.local;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * Constants and codecs of segment files, format version 1. The format is described in the javadoc of
 * {@link LocalWriteAheadLog}; all integers are big-endian.
 */
final class SegmentFormat {
    /** "QWAL" in ASCII. */
    static final int MAGIC = 0x5157_414C;

    static final int VERSION = 1;
    /** magic int32, version int32, sequence of the first entry int64. */
    static final int HEADER_BYTES = 16;
    /** payload length int32, CRC32C of the payload int32, sequence int64. */
    static final int FRAME_HEADER_BYTES = 16;

    private static final Pattern FILE_NAME = Pattern.compile("(\\d{20})\\.wal");

    private SegmentFormat() {}

    /** One frame's header as stored before its payload. */
    record FrameHeader(int length, int crc, long sequence) {
        static FrameHeader decode(ByteBuffer bytes) {
            return new FrameHeader(bytes.getInt(), bytes.getInt(), bytes.getLong());
        }

        /** Bytes of the whole frame, header included. */
        long frameBytes() {
            return FRAME_HEADER_BYTES + (long) length;
        }
    }

    /** The name of the segment file whose first entry has {@code firstSequence}: 20 digits, zero-padded. */
    static String fileName(long firstSequence) {
        return String.format("%020d.wal", firstSequence);
    }

    /** The first sequence carried in a segment file's name, or -1 if the name is not one of a segment file. */
    static long firstSequenceOf(Path file) {
        Matcher matcher = FILE_NAME.matcher(file.getFileName().toString());
        if (!matcher.matches()) {
            return -1;
        }
        try {
            long firstSequence = Long.parseLong(matcher.group(1));
            return firstSequence > 0 ? firstSequence : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static ByteBuffer encodeHeader(long firstSequence) {
        return ByteBuffer.allocate(HEADER_BYTES)
                .putInt(MAGIC)
                .putInt(VERSION)
                .putLong(firstSequence)
                .flip();
    }

    /**
     * Checks a segment file header and returns the first sequence it carries.
     *
     * @throws QuiverException CORRUPT_DATA on a wrong magic number, an unknown version, or a first sequence
     *     that does not match the file name
     */
    static long decodeHeader(ByteBuffer header, String channel, Path file) {
        int magic = header.getInt();
        int version = header.getInt();
        long firstSequence = header.getLong();
        if (magic != MAGIC) {
            throw corrupt(channel, file, 0, String.format("not a segment file (magic 0x%08x)", magic));
        }
        if (version != VERSION) {
            throw corrupt(channel, file, 4, "unsupported format version " + version + " (supported: " + VERSION + ")");
        }
        if (firstSequence != firstSequenceOf(file)) {
            throw corrupt(
                    channel,
                    file,
                    8,
                    "header says the first sequence is " + firstSequence + " but the file name says "
                            + firstSequenceOf(file));
        }
        return firstSequence;
    }

    static ByteBuffer encodeFrameHeader(byte[] payload, long sequence) {
        return ByteBuffer.allocate(FRAME_HEADER_BYTES)
                .putInt(payload.length)
                .putInt(crc(payload))
                .putLong(sequence)
                .flip();
    }

    static int crc(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return (int) crc.getValue();
    }

    static QuiverException corrupt(String channel, Path file, long offset, String problem) {
        return new QuiverException(
                ErrorCode.CORRUPT_DATA,
                "write-ahead log channel '" + channel + "' is corrupt: segment file " + file + " at offset " + offset
                        + ": " + problem);
    }
}
