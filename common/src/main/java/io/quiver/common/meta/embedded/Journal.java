package io.quiver.common.meta.embedded;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded meta store's journal: one record per store revision, appended and fsynced before the change
 * is applied in memory. Not thread-safe; the store serializes appends under its lock.
 *
 * <h2>Format, version 1</h2>
 *
 * <p>All integers are big-endian; strings are UTF-8.
 *
 * <pre>
 * file    = magic:int32 ("QVMJ", 0x51564D4A)  version:int32 (1)  frame*
 * frame   = length:int32  crc:int32  payload[length]           crc = CRC32C of the payload
 * payload = revision:int64  count:int32  change[count]
 * change  = 1:int8  keyLength:int32 key  leaseId:int64  valueLength:int32 value     a put (leaseId 0 = none)
 *         | 2:int8  keyLength:int32 key                                                a delete
 * </pre>
 *
 * <p>Frames hold consecutive revisions. A new journal is written to a temporary file with its header, fsynced
 * and renamed into place, so a journal always has a whole header. A file with another magic number or
 * version is rejected with {@link ErrorCode#CORRUPT_DATA}.
 *
 * <h2>Recovery</h2>
 *
 * <p>An append that a crash cut short left a torn tail; its caller was never told it succeeded, so recovery
 * truncates it away. A bad frame counts as a torn tail if fewer than 8 bytes remain, if its declared end lies
 * past the end of the file, if its checksum fails and it ends exactly at the end of the file, or if every
 * byte from its start to the end of the file is zero. Any other bad frame is corruption in the middle, which
 * recovery refuses with {@link ErrorCode#CORRUPT_DATA} rather than drop committed changes.
 */
final class Journal implements AutoCloseable {
    static final int MAGIC = 0x51564D4A;
    static final int VERSION = 1;
    static final int HEADER_BYTES = 8;
    static final int FRAME_HEADER_BYTES = 8;
    static final int MAX_PAYLOAD_BYTES = 64 << 20;

    private static final Logger log = LoggerFactory.getLogger(Journal.class);
    private static final int MIN_PAYLOAD_BYTES = Long.BYTES + Integer.BYTES;
    private static final int TORN = -1;
    private static final byte PUT = 1;
    private static final byte DELETE = 2;

    private final Path file;
    private final FileChannel channel;
    private int records;
    private String failure;

    private Journal(Path file, FileChannel channel, int records) {
        this.file = file;
        this.channel = channel;
        this.records = records;
    }

    /** Creates an empty journal at {@code file}, atomically replacing any journal already there. */
    static Journal create(Path file) throws IOException {
        Path temp = DurableFiles.temp(file);
        byte[] header =
                ByteBuffer.allocate(HEADER_BYTES).putInt(MAGIC).putInt(VERSION).array();
        FileChannel channel = DurableFiles.createSynced(temp, header);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        // The channel follows the renamed file; from here on the new journal is the one in place.
        try {
            DurableFiles.syncDirectory(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            log.warn("cannot fsync the directory of meta store journal {}", file, e);
        }
        return new Journal(file, channel, 0);
    }

    /**
     * Opens the journal at {@code file}, hands every record after {@code afterRevision} to {@code replay} in
     * revision order, truncates a torn tail, and returns the journal positioned for appends.
     */
    static Journal recover(Path file, long afterRevision, Consumer<Mutation> replay) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        checkHeader(file, bytes);
        int position = HEADER_BYTES;
        int records = 0;
        long previous = -1;
        long applied = afterRevision;
        while (position < bytes.length) {
            int end = frameEnd(file, bytes, position);
            if (end == TORN) {
                break;
            }
            int payloadStart = position + FRAME_HEADER_BYTES;
            Mutation mutation = decode(file, position, ByteBuffer.wrap(bytes, payloadStart, end - payloadStart));
            long revision = mutation.revision();
            if (previous >= 0 && revision != previous + 1) {
                throw corrupt(file, position, "revision " + revision + " follows revision " + previous);
            }
            if (revision > applied) {
                if (revision != applied + 1) {
                    throw corrupt(file, position, "revision " + revision + " follows store revision " + applied);
                }
                replay.accept(mutation);
                applied = revision;
            }
            previous = revision;
            records++;
            position = end;
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
        if (position < bytes.length) {
            log.warn(
                    "meta store journal {} has a torn tail of {} bytes at offset {}; truncating it",
                    file,
                    bytes.length - position,
                    position);
            channel.truncate(position);
            channel.force(true);
        }
        channel.position(position);
        return new Journal(file, channel, records);
    }

    /** Appends one record and fsyncs it. After a failed append the journal refuses every further append. */
    void append(Mutation mutation) {
        if (failure != null) {
            throw new QuiverException(
                    ErrorCode.UNAVAILABLE,
                    String.format("meta store journal %s failed earlier (%s); reopen the store", file, failure));
        }
        byte[] frame = encodeFrame(mutation);
        try {
            DurableFiles.writeFully(channel, ByteBuffer.wrap(frame));
            channel.force(false);
        } catch (IOException e) {
            failure = e.toString();
            throw new QuiverException(
                    ErrorCode.UNAVAILABLE,
                    String.format(
                            "cannot append revision %d to meta store journal %s; the change may or may not survive"
                                    + " a restart, and the store takes no more changes until reopened",
                            mutation.revision(), file),
                    e);
        }
        records++;
    }

    /** Records in the file, including those replayed at open. */
    int records() {
        return records;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("cannot close meta store journal {}", file, e);
        }
    }

    static byte[] encodeFrame(Mutation mutation) {
        List<byte[]> keys = new ArrayList<>(mutation.changes().size());
        long size = MIN_PAYLOAD_BYTES;
        for (Mutation.Change change : mutation.changes()) {
            byte[] key = RecordCodec.utf8(change.key());
            keys.add(key);
            size += 1 + RecordCodec.size(key);
            if (change instanceof Mutation.Put put) {
                size += Long.BYTES + RecordCodec.size(put.value());
            }
        }
        if (size > MAX_PAYLOAD_BYTES) {
            throw new QuiverException(
                    ErrorCode.ARGUMENT_TOO_LARGE,
                    String.format(
                            "change at revision %d takes %d bytes; a meta store journal record holds at most %d",
                            mutation.revision(), size, MAX_PAYLOAD_BYTES));
        }
        ByteBuffer buffer = ByteBuffer.allocate(FRAME_HEADER_BYTES + (int) size);
        buffer.putInt((int) size)
                .putInt(0)
                .putLong(mutation.revision())
                .putInt(mutation.changes().size());
        for (int i = 0; i < keys.size(); i++) {
            switch (mutation.changes().get(i)) {
                case Mutation.Put put -> {
                    buffer.put(PUT);
                    RecordCodec.put(buffer, keys.get(i));
                    buffer.putLong(put.leaseId());
                    RecordCodec.put(buffer, put.value());
                }
                case Mutation.Delete delete -> {
                    buffer.put(DELETE);
                    RecordCodec.put(buffer, keys.get(i));
                }
            }
        }
        byte[] frame = buffer.array();
        buffer.putInt(Integer.BYTES, crc32c(frame, FRAME_HEADER_BYTES, (int) size));
        return frame;
    }

    private static void checkHeader(Path file, byte[] bytes) {
        if (bytes.length < HEADER_BYTES) {
            throw corrupt(file, 0, "the file has " + bytes.length + " bytes, fewer than its header");
        }
        ByteBuffer header = ByteBuffer.wrap(bytes, 0, HEADER_BYTES);
        int magic = header.getInt();
        int version = header.getInt();
        if (magic != MAGIC) {
            throw corrupt(file, 0, String.format("magic number 0x%08X is not 0x%08X", magic, MAGIC));
        }
        if (version != VERSION) {
            throw new QuiverException(
                    ErrorCode.CORRUPT_DATA,
                    String.format(
                            "meta store journal %s has format version %d; this build reads version %d",
                            file, version, VERSION));
        }
    }

    /** The end offset of the good frame at {@code start}, or {@link #TORN} if it starts a torn tail. */
    private static int frameEnd(Path file, byte[] bytes, int start) {
        if (bytes.length - start < FRAME_HEADER_BYTES) {
            return TORN;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int length = buffer.getInt(start);
        int crc = buffer.getInt(start + Integer.BYTES);
        if (length < MIN_PAYLOAD_BYTES || length > MAX_PAYLOAD_BYTES) {
            if (zerosFrom(bytes, start)) {
                return TORN;
            }
            throw corrupt(
                    file,
                    start,
                    String.format("frame length %d is outside [%d, %d]", length, MIN_PAYLOAD_BYTES, MAX_PAYLOAD_BYTES));
        }
        long end = (long) start + FRAME_HEADER_BYTES + length;
        if (end > bytes.length) {
            return TORN;
        }
        if (crc32c(bytes, start + FRAME_HEADER_BYTES, length) != crc) {
            if (end == bytes.length || zerosFrom(bytes, start)) {
                return TORN;
            }
            throw corrupt(file, start, "the frame checksum does not match its " + length + " bytes");
        }
        return (int) end;
    }

    private static Mutation decode(Path file, int offset, ByteBuffer payload) {
        try {
            long revision = payload.getLong();
            int count = payload.getInt();
            if (count <= 0 || count > payload.remaining()) {
                throw new IllegalArgumentException("change count " + count + " is impossible");
            }
            List<Mutation.Change> changes = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                changes.add(decodeChange(payload));
            }
            if (payload.hasRemaining()) {
                throw new IllegalArgumentException(payload.remaining() + " bytes follow the last change");
            }
            return new Mutation(revision, changes);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw corrupt(file, offset, "the record cannot be decoded: " + e.getMessage());
        }
    }

    private static Mutation.Change decodeChange(ByteBuffer payload) {
        byte kind = payload.get();
        String key = RecordCodec.getUtf8(payload);
        return switch (kind) {
            case PUT -> {
                long leaseId = payload.getLong();
                yield new Mutation.Put(key, RecordCodec.get(payload), leaseId);
            }
            case DELETE -> new Mutation.Delete(key);
            default -> throw new IllegalArgumentException("unknown change kind " + kind);
        };
    }

    private static boolean zerosFrom(byte[] bytes, int start) {
        for (int i = start; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static int crc32c(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    private static QuiverException corrupt(Path file, long offset, String detail) {
        return new QuiverException(
                ErrorCode.CORRUPT_DATA,
                String.format("meta store journal %s is corrupt at offset %d: %s", file, offset, detail));
    }
}
