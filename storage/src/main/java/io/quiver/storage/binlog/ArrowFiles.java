package io.quiver.storage.binlog;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.data.BoolColumn;
import io.quiver.common.data.Column;
import io.quiver.common.data.DoubleColumn;
import io.quiver.common.data.FloatColumn;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.data.LongColumn;
import io.quiver.common.data.StringColumn;
import io.quiver.storage.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;

/**
 * Writes and reads one Arrow IPC file (one record batch) of the binlog format to and from an object,
 * checking its {@value #VERSION_KEY} schema metadata. See {@link SegmentWriter} for the format.
 */
final class ArrowFiles {
    static final String VERSION_KEY = "quiver.binlog.version";
    static final String VERSION = "1";
    /** Largest Arrow file written or read: the object is held in one byte array. */
    static final long MAX_FILE_BYTES = Integer.MAX_VALUE - (1L << 20);

    private ArrowFiles() {}

    /**
     * Writes the columns as one record batch under {@code objectKey}; {@code metadata} is added to the
     * version. Returns the number of bytes written.
     */
    static long write(
            ObjectStore store,
            BufferAllocator allocator,
            String objectKey,
            List<Field> fields,
            List<Column> columns,
            Map<String, String> metadata) {
        long estimatedBytes = 0;
        for (Column column : columns) {
            estimatedBytes += estimatedBytes(column);
        }
        if (estimatedBytes > MAX_FILE_BYTES) {
            throw new QuiverException(
                    ErrorCode.ARGUMENT_TOO_LARGE,
                    "binlog '" + objectKey + "' would hold about " + estimatedBytes + " bytes; the limit is "
                            + MAX_FILE_BYTES);
        }
        Map<String, String> schemaMetadata = new LinkedHashMap<>();
        schemaMetadata.put(VERSION_KEY, VERSION);
        schemaMetadata.putAll(metadata);
        int rows = columns.getFirst().size();
        try (VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields, schemaMetadata), allocator)) {
            for (int i = 0; i < columns.size(); i++) {
                ArrowColumns.fill(root.getVector(i), columns.get(i));
            }
            root.setRowCount(rows);
            ExposedByteArrayOutputStream out = new ExposedByteArrayOutputStream((int) estimatedBytes + 4096);
            try (ArrowFileWriter writer = new ArrowFileWriter(root, null, Channels.newChannel(out))) {
                writer.start();
                writer.writeBatch();
                writer.end();
            }
            store.put(objectKey, out.toInputStream(), out.size());
            return out.size();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
    }

    /** About the size of a column's Arrow buffers, to refuse a file too large before building it. */
    private static long estimatedBytes(Column column) {
        long rows = column.size();
        return switch (column) {
                    case BoolColumn c -> rows / 8 + 8;
                    case LongColumn c -> rows * 8;
                    case FloatColumn c -> rows * 4;
                    case DoubleColumn c -> rows * 8;
                    case FloatVectorColumn c -> (long) c.values().length * 4;
                    case StringColumn c -> {
                        long bytes = rows * 4;
                        for (String value : c.values()) {
                            bytes += value.length();
                        }
                        yield bytes;
                    }
                }
                + rows / 8
                + 64;
    }

    /**
     * Reads the object as an Arrow file of exactly one record batch with a supported version and hands
     * the loaded batch to {@code reader}, whose result must not refer to Arrow memory.
     */
    static <T> T read(
            ObjectStore store, BufferAllocator allocator, String objectKey, Function<VectorSchemaRoot, T> reader) {
        byte[] bytes = store.getBytes(objectKey);
        try (ArrowFileReader file = new ArrowFileReader(new ByteArrayReadableSeekableByteChannel(bytes), allocator)) {
            VectorSchemaRoot root = file.getVectorSchemaRoot();
            checkVersion(objectKey, root.getSchema().getCustomMetadata());
            List<ArrowBlock> batches = file.getRecordBlocks();
            if (batches.size() != 1) {
                throw corrupt(objectKey, "it has " + batches.size() + " record batches; a binlog has exactly 1");
            }
            file.loadRecordBatch(batches.getFirst());
            return reader.apply(root);
        } catch (QuiverException | OutOfMemoryException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw corrupt(objectKey, "it is not a readable Arrow IPC file (" + e + ")");
        }
    }

    private static void checkVersion(String objectKey, Map<String, String> metadata) {
        String version = metadata == null ? null : metadata.get(VERSION_KEY);
        if (version == null) {
            throw corrupt(objectKey, "its schema has no '" + VERSION_KEY + "' metadata");
        }
        if (!version.equals(VERSION)) {
            throw corrupt(
                    objectKey,
                    "its binlog format version '" + version + "' is not supported (supported: " + VERSION + ")");
        }
    }

    static QuiverException corrupt(String objectKey, String reason) {
        return new QuiverException(ErrorCode.CORRUPT_DATA, "binlog '" + objectKey + "' is corrupt: " + reason);
    }

    /** A growable buffer whose content is read back without copying. */
    private static final class ExposedByteArrayOutputStream extends ByteArrayOutputStream {
        ExposedByteArrayOutputStream(int initialCapacity) {
            super(initialCapacity);
        }

        ByteArrayInputStream toInputStream() {
            return new ByteArrayInputStream(buf, 0, count);
        }
    }
}
