package io.quiver.storage.binlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.data.ColumnBatch;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.DataType;
import io.quiver.storage.InMemoryObjectStore;
import io.quiver.storage.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Binlogs that this reader did not write, or that were damaged, are rejected as corrupt data. */
class BinlogVersionTest {
    private static final SegmentKey KEY = new SegmentKey(4, 5, 6);
    private static final String TIMESTAMPS = "binlog/4/5/6/$ts.arrow";
    private static final String DELTA = "delta/4/5/6.arrow";

    private final ObjectStore store = new InMemoryObjectStore();
    private final BufferAllocator allocator = new RootAllocator();
    private final SegmentWriter writer = new SegmentWriter(store);
    private final SegmentReader reader = new SegmentReader(store);
    private CollectionSchema schema;

    @BeforeEach
    void writeSegment() {
        schema = RandomSegments.everyTypeSchema(DataType.INT64);
        RandomSegments random = new RandomSegments(new SplittableRandom(5));
        ColumnBatch rows = random.rows(schema, 3);
        writer.write(KEY, schema, rows, random.deletes(DataType.INT64, 2));
    }

    @AfterEach
    void close() {
        reader.close();
        writer.close();
        allocator.close();
    }

    @Test
    void writtenFilesCarryTheVersion() {
        assertThat(reader.readRows(KEY, schema).rowCount()).isEqualTo(3);
        assertThat(reader.readDeletes(KEY, DataType.INT64).size()).isEqualTo(2);
    }

    @Test
    void binlogWithoutVersionIsRejected() throws IOException {
        store.put(TIMESTAMPS, arrowFile("$ts", Map.of(), 3));

        assertCorrupt(() -> reader.readRows(KEY, schema), TIMESTAMPS, "no 'quiver.binlog.version' metadata");
    }

    @Test
    void binlogOfUnknownVersionIsRejected() throws IOException {
        store.put(TIMESTAMPS, arrowFile("$ts", Map.of(ArrowFiles.VERSION_KEY, "2", "quiver.field.id", "1"), 3));

        assertCorrupt(() -> reader.readRows(KEY, schema), TIMESTAMPS, "version '2' is not supported (supported: 1)");
    }

    @Test
    void deltaLogWithoutVersionIsRejected() throws IOException {
        store.put(DELTA, arrowFile("$pk", Map.of(), 2));

        assertCorrupt(() -> reader.readDeletes(KEY, DataType.INT64), DELTA, "quiver.binlog.version");
    }

    @Test
    void binlogOfAnotherFieldIsRejected() throws IOException {
        store.put(TIMESTAMPS, arrowFile("$ts", Map.of(ArrowFiles.VERSION_KEY, "1", "quiver.field.id", "105"), 3));

        assertCorrupt(() -> reader.readRows(KEY, schema), TIMESTAMPS, "field id 105, expected 1");
    }

    @Test
    void nullValuesAreRejected() throws IOException {
        store.put(TIMESTAMPS, arrowFile("$ts", Map.of(ArrowFiles.VERSION_KEY, "1", "quiver.field.id", "1"), 3, 1));

        assertCorrupt(() -> reader.readRows(KEY, schema), TIMESTAMPS, "1 null values");
    }

    @Test
    void bytesThatAreNotArrowAreRejected() {
        store.put(TIMESTAMPS, "definitely not an arrow file".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertCorrupt(() -> reader.readRows(KEY, schema), TIMESTAMPS, "not a readable Arrow IPC file");
    }

    @Test
    void truncatedBinlogIsRejected() {
        byte[] bytes = store.getBytes(TIMESTAMPS);
        store.put(TIMESTAMPS, java.util.Arrays.copyOf(bytes, bytes.length - 20));

        assertCorrupt(() -> reader.readRows(KEY, schema), TIMESTAMPS, "corrupt");
    }

    private static void assertCorrupt(Runnable read, String objectKey, String message) {
        assertThatThrownBy(read::run)
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA))
                .hasMessageContaining("'" + objectKey + "'")
                .hasMessageContaining(message);
    }

    /** An Arrow file of one Int64 column of {@code rows} values, the first {@code nulls} of them null. */
    private byte[] arrowFile(String name, Map<String, String> metadata, int rows, int nulls) throws IOException {
        Schema arrowSchema =
                new Schema(List.of(new Field(name, FieldType.nullable(new ArrowType.Int(64, true)), null)), metadata);
        try (VectorSchemaRoot root = VectorSchemaRoot.create(arrowSchema, allocator)) {
            BigIntVector vector = (BigIntVector) root.getVector(0);
            vector.allocateNew(rows);
            for (int row = 0; row < rows; row++) {
                if (row < nulls) {
                    vector.setNull(row);
                } else {
                    vector.set(row, row);
                }
            }
            vector.setValueCount(rows);
            root.setRowCount(rows);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ArrowFileWriter file = new ArrowFileWriter(root, null, Channels.newChannel(out))) {
                file.start();
                file.writeBatch();
                file.end();
            }
            return out.toByteArray();
        }
    }

    private byte[] arrowFile(String name, Map<String, String> metadata, int rows) throws IOException {
        return arrowFile(name, metadata, rows, 0);
    }
}
