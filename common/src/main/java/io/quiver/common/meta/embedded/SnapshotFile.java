package io.quiver.common.meta.embedded;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.meta.KeyValue;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A snapshot of the embedded meta store: every key at one revision.
 *
 * <h2>Format, version 1</h2>
 *
 * <p>All integers are big-endian; strings are UTF-8.
 *
 * <pre>
 * file  = magic:int32 ("QVMS", 0x51564D53)  version:int32 (1)  revision:int64  count:int32  entry[count]  crc:int32
 * entry = keyLength:int32 key  createRevision:int64  modRevision:int64  version:int64  leaseId:int64
 *         valueLength:int32 value
 * </pre>
 *
 * <p>Entries are in key order; {@code crc} is the CRC32C of every byte before it. A snapshot is written to a
 * temporary file, fsynced and atomically renamed into place, so it is whole or absent: any damage is
 * {@link ErrorCode#CORRUPT_DATA}, as is another magic number or version.
 */
final class SnapshotFile {
    static final int MAGIC = 0x51564D53;
    static final int VERSION = 1;

    private static final int HEADER_BYTES = 2 * Integer.BYTES + Long.BYTES + Integer.BYTES;
    private static final int ENTRY_FIXED_BYTES = 4 * Long.BYTES;

    private SnapshotFile() {}

    /** Writes {@code keys} to {@code file}, all or nothing. */
    static void write(Path file, KeySpace keys) throws IOException {
        long size = HEADER_BYTES + Integer.BYTES;
        List<byte[]> encodedKeys = new ArrayList<>(keys.size());
        for (KeyValue entry : keys.entries()) {
            byte[] key = RecordCodec.utf8(entry.key());
            encodedKeys.add(key);
            size += RecordCodec.size(key) + ENTRY_FIXED_BYTES + RecordCodec.size(entry.value());
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new QuiverException(
                    ErrorCode.ARGUMENT_TOO_LARGE,
                    String.format("meta store snapshot %s would take %d bytes; the limit is 2 GiB", file, size));
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        buffer.putInt(MAGIC).putInt(VERSION).putLong(keys.revision()).putInt(keys.size());
        int i = 0;
        for (KeyValue entry : keys.entries()) {
            RecordCodec.put(buffer, encodedKeys.get(i++));
            buffer.putLong(entry.createRevision())
                    .putLong(entry.modRevision())
                    .putLong(entry.version())
                    .putLong(entry.leaseId());
            RecordCodec.put(buffer, entry.value());
        }
        buffer.putInt(crc32c(buffer.array(), buffer.position()));
        DurableFiles.writeAtomically(file, buffer.array());
    }

    /** Reads the snapshot at {@code file}. */
    static KeySpace read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < HEADER_BYTES + Integer.BYTES) {
            throw corrupt(file, "it has " + bytes.length + " bytes, fewer than its header");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int magic = buffer.getInt();
        int version = buffer.getInt();
        if (magic != MAGIC) {
            throw corrupt(file, String.format("magic number 0x%08X is not 0x%08X", magic, MAGIC));
        }
        if (version != VERSION) {
            throw new QuiverException(
                    ErrorCode.CORRUPT_DATA,
                    String.format(
                            "meta store snapshot %s has format version %d; this build reads version %d",
                            file, version, VERSION));
        }
        int crcOffset = bytes.length - Integer.BYTES;
        if (crc32c(bytes, crcOffset) != buffer.getInt(crcOffset)) {
            throw corrupt(file, "the checksum does not match its " + bytes.length + " bytes");
        }
        try {
            return decodeEntries(buffer.limit(crcOffset));
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw corrupt(file, "it cannot be decoded: " + e.getMessage());
        }
    }

    private static KeySpace decodeEntries(ByteBuffer buffer) {
        long revision = buffer.getLong();
        int count = buffer.getInt();
        if (count < 0 || count > buffer.remaining()) {
            throw new IllegalArgumentException("key count " + count + " is impossible");
        }
        List<KeyValue> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String key = RecordCodec.getUtf8(buffer);
            long createRevision = buffer.getLong();
            long modRevision = buffer.getLong();
            long version = buffer.getLong();
            long leaseId = buffer.getLong();
            entries.add(new KeyValue(key, RecordCodec.get(buffer), createRevision, modRevision, version, leaseId));
        }
        if (buffer.hasRemaining()) {
            throw new IllegalArgumentException(buffer.remaining() + " bytes follow the last entry");
        }
        return KeySpace.restore(revision, entries);
    }

    private static int crc32c(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    private static QuiverException corrupt(Path file, String detail) {
        return new QuiverException(
                ErrorCode.CORRUPT_DATA, String.format("meta store snapshot %s is corrupt: %s", file, detail));
    }
}
