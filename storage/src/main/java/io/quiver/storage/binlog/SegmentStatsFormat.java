package io.quiver.storage.binlog;

import com.google.common.hash.BloomFilter;
import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.schema.DataType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Encodes {@link SegmentStats} as a {@code .stats} object, format version 1. All numbers are big-endian
 * ({@link DataOutputStream}):
 *
 * <pre>
 * int     magic 0x51535453 ("QSTS")
 * int     format version (1)
 * long    row count
 * int     primary key type, as its Milvus number (5: Int64, 21: VarChar)
 * key     min primary key   } only when the row count is above 0; an Int64 key is a long,
 * key     max primary key   } a VarChar key an int byte length followed by its UTF-8 bytes
 * int     Bloom filter length in bytes
 * byte[]  Bloom filter, in Guava's BloomFilter.writeTo form, over every primary key (Int64 keys funnelled
 *         as putLong, VarChar keys as putString UTF-8)
 * int     CRC32C of every byte before it
 * </pre>
 *
 * A reader rejects another magic or version, a checksum mismatch and trailing bytes with
 * {@link ErrorCode#CORRUPT_DATA}.
 */
final class SegmentStatsFormat {
    static final int MAGIC = 0x51535453;
    static final int VERSION = 1;

    private SegmentStatsFormat() {}

    static byte[] encode(SegmentStats stats) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(stats.rowCount());
            out.writeInt(stats.primaryKeyType().milvusNumber());
            if (stats.rowCount() > 0) {
                writeKey(out, stats.minPrimaryKey());
                writeKey(out, stats.maxPrimaryKey());
            }
            ByteArrayOutputStream filter = new ByteArrayOutputStream();
            stats.primaryKeyFilter().writeTo(filter);
            out.writeInt(filter.size());
            filter.writeTo(out);
            out.flush();
            CRC32C crc = new CRC32C();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    static SegmentStats decode(String objectKey, byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw corrupt(objectKey, String.format("magic 0x%08x is not 0x%08x", magic, MAGIC));
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw corrupt(
                        objectKey, "format version " + version + " is not supported (supported: " + VERSION + ")");
            }
            checkCrc(objectKey, bytes);
            long rowCount = in.readLong();
            DataType keyType = keyType(objectKey, in.readInt());
            Object min = rowCount > 0 ? readKey(in, keyType) : null;
            Object max = rowCount > 0 ? readKey(in, keyType) : null;
            byte[] filter = new byte[in.readInt()];
            in.readFully(filter);
            BloomFilter<Object> bloomFilter =
                    BloomFilter.readFrom(new ByteArrayInputStream(filter), PrimaryKeyFunnel.INSTANCE);
            if (in.available() != Integer.BYTES) {
                throw corrupt(objectKey, (in.available() - Integer.BYTES) + " unexpected bytes before the checksum");
            }
            return new SegmentStats(rowCount, keyType, min, max, bloomFilter);
        } catch (EOFException e) {
            throw corrupt(objectKey, "it is truncated");
        } catch (IOException | IllegalArgumentException e) {
            throw corrupt(objectKey, e.getMessage());
        } catch (QuiverException e) {
            throw e.code() == ErrorCode.CORRUPT_DATA ? e : corrupt(objectKey, e.getMessage());
        }
    }

    private static void writeKey(DataOutputStream out, Object key) throws IOException {
        switch (key) {
            case Long value -> out.writeLong(value);
            case String value -> {
                byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
            default -> throw new IllegalStateException("unreachable: primary key " + key.getClass());
        }
    }

    private static Object readKey(DataInputStream in, DataType type) throws IOException {
        if (type == DataType.INT64) {
            return in.readLong();
        }
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new EOFException();
        }
        byte[] utf8 = new byte[length];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static DataType keyType(String objectKey, int milvusNumber) {
        if (milvusNumber == DataType.INT64.milvusNumber()) {
            return DataType.INT64;
        }
        if (milvusNumber == DataType.VARCHAR.milvusNumber()) {
            return DataType.VARCHAR;
        }
        throw corrupt(objectKey, "primary key type " + milvusNumber + " is neither Int64 (5) nor VarChar (21)");
    }

    private static void checkCrc(String objectKey, byte[] bytes) {
        if (bytes.length < 3 * Integer.BYTES) {
            throw corrupt(objectKey, "it is truncated");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - Integer.BYTES);
        int stored = java.nio.ByteBuffer.wrap(bytes, bytes.length - Integer.BYTES, Integer.BYTES)
                .getInt();
        if (stored != (int) crc.getValue()) {
            throw corrupt(
                    objectKey,
                    String.format("checksum 0x%08x does not match its content (0x%08x)", stored, (int) crc.getValue()));
        }
    }

    private static QuiverException corrupt(String objectKey, String reason) {
        return new QuiverException(ErrorCode.CORRUPT_DATA, "stats object '" + objectKey + "' is corrupt: " + reason);
    }
}
