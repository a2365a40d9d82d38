package io.quiver.storage.binlog;

import static io.quiver.storage.binlog.RandomSegments.assertSameColumn;
import static io.quiver.storage.binlog.RandomSegments.assertSameRows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.data.Column;
import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.data.LongColumn;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.DataType;
import io.quiver.common.schema.FieldSchema;
import io.quiver.storage.ObjectInfo;
import io.quiver.storage.ObjectStore;
import io.quiver.storage.local.LocalObjectStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SegmentRoundTripTest {
    private static final SegmentKey KEY = new SegmentKey(1, 2, 3);

    @TempDir
    Path directory;

    private ObjectStore store;
    private SegmentWriter writer;
    private SegmentReader reader;

    @BeforeEach
    void open() {
        store = new LocalObjectStore(directory);
        writer = new SegmentWriter(store);
        reader = new SegmentReader(store);
    }

    @AfterEach
    void close() {
        reader.close();
        writer.close();
        store.close();
    }

    @ParameterizedTest
    @EnumSource(
            value = DataType.class,
            names = {"INT64", "VARCHAR"})
    void everyTypeRoundTrips(DataType primaryKeyType) {
        RandomSegments random = new RandomSegments(RandomSegments.seeded(11));
        CollectionSchema schema = RandomSegments.everyTypeSchema(primaryKeyType);
        ColumnBatch rows = random.rows(schema, 300);
        DeltaBatch deletes = random.deletes(primaryKeyType, 50);

        SegmentFiles files = writer.write(KEY, schema, rows, deletes);

        List<String> expectedKeys = new ArrayList<>();
        for (long fieldId = 101; fieldId <= 110; fieldId++) {
            expectedKeys.add("binlog/1/2/3/" + fieldId + ".arrow");
        }
        expectedKeys.addAll(
                List.of("binlog/1/2/3/$pk.arrow", "binlog/1/2/3/$ts.arrow", "delta/1/2/3.arrow", "stats/1/2/3.stats"));
        assertThat(files.objectKeys()).containsExactlyElementsOf(expectedKeys);
        assertThat(store.list("")).extracting(ObjectInfo::key).containsExactlyInAnyOrderElementsOf(expectedKeys);
        assertThat(files.rowCount()).isEqualTo(300);
        assertThat(files.sizeBytes())
                .isEqualTo(store.list("").stream().mapToLong(ObjectInfo::size).sum());
        assertSameRows(reader.readRows(KEY, schema), rows);
        assertSameDeletes(reader.readDeletes(KEY, primaryKeyType), deletes);
    }

    @Test
    void segmentWithOnlyDeletesRoundTrips() {
        RandomSegments random = new RandomSegments(RandomSegments.seeded(12));
        CollectionSchema schema = RandomSegments.everyTypeSchema(DataType.VARCHAR);
        ColumnBatch rows = random.rows(schema, 0);
        DeltaBatch deletes = random.deletes(DataType.VARCHAR, 7);

        SegmentFiles files = writer.write(KEY, schema, rows, deletes);

        assertThat(files.rowCount()).isZero();
        ColumnBatch read = reader.readRows(KEY, schema);
        assertSameRows(read, rows);
        assertThat(((FloatVectorColumn) read.column("embedding")).dimension()).isEqualTo(784);
        assertSameDeletes(reader.readDeletes(KEY, DataType.VARCHAR), deletes);
        SegmentStats stats = reader.readStats(KEY);
        assertThat(stats.rowCount()).isZero();
        assertThat(stats.minPrimaryKey()).isNull();
        assertThat(stats.mightContain("anything")).isFalse();
    }

    @Test
    void segmentWithoutDeletesHasNoDeltaLog() {
        RandomSegments random = new RandomSegments(RandomSegments.seeded(13));
        CollectionSchema schema = RandomSegments.everyTypeSchema(DataType.INT64);

        SegmentFiles files = writer.write(KEY, schema, random.rows(schema, 20), DeltaBatch.empty(DataType.INT64));

        assertThat(files.objectKeys()).doesNotContain(SegmentPaths.delta(KEY));
        assertThat(store.stat(SegmentPaths.delta(KEY))).isEmpty();
        DeltaBatch deletes = reader.readDeletes(KEY, DataType.INT64);
        assertThat(deletes.size()).isZero();
        assertThat(deletes.primaryKeyType()).isEqualTo(DataType.INT64);
    }

    @Test
    void rewritingASegmentWritesIdenticalObjects() {
        RandomSegments random = new RandomSegments(RandomSegments.seeded(14));
        CollectionSchema schema = RandomSegments.everyTypeSchema(DataType.INT64);
        ColumnBatch rows = random.rows(schema, 100);
        DeltaBatch deletes = random.deletes(DataType.INT64, 10);
        SegmentFiles first = writer.write(KEY, schema, rows, deletes);
        Map<String, byte[]> before = snapshot();

        SegmentFiles second;
        try (SegmentWriter replacement = new SegmentWriter(store)) {
            second = replacement.write(KEY, schema, rows, deletes);
        }

        assertThat(second).isEqualTo(first);
        Map<String, byte[]> after = snapshot();
        assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
        before.forEach((key, bytes) -> assertThat(after.get(key)).as(key).isEqualTo(bytes));
    }

    @Test
    void rewriteWithoutDeletesRemovesAStaleDeltaLog() {
        RandomSegments random = new RandomSegments(RandomSegments.seeded(15));
        CollectionSchema schema = RandomSegments.everyTypeSchema(DataType.INT64);
        ColumnBatch rows = random.rows(schema, 10);
        writer.write(KEY, schema, rows, random.deletes(DataType.INT64, 3));

        writer.write(KEY, schema, rows, DeltaBatch.empty(DataType.INT64));

        assertThat(store.stat(SegmentPaths.delta(KEY))).isEmpty();
        assertThat(reader.readDeletes(KEY, DataType.INT64).size()).isZero();
    }

    @Test
    void segmentsDoNotOverlap() {
        RandomSegments random = new RandomSegments(RandomSegments.seeded(16));
        CollectionSchema schema = RandomSegments.everyTypeSchema(DataType.INT64);
        ColumnBatch first = random.rows(schema, 5);
        ColumnBatch second = random.rows(schema, 8);
        SegmentKey other = new SegmentKey(1, 2, 33);

        writer.write(KEY, schema, first, DeltaBatch.empty(DataType.INT64));
        writer.write(other, schema, second, DeltaBatch.empty(DataType.INT64));

        assertSameRows(reader.readRows(KEY, schema), first);
        assertSameRows(reader.readRows(other, schema), second);
        assertThat(store.list(SegmentPaths.segmentPrefix(KEY))).hasSize(12);
    }

    @Test
    void rowsThatDoNotFitTheSchemaAreRejectedBeforeWriting() {
        RandomSegments random = new RandomSegments(RandomSegments.seeded(17));
        CollectionSchema schema = RandomSegments.everyTypeSchema(DataType.INT64);
        ColumnBatch rows = random.rows(schema, 4);
        DeltaBatch none = DeltaBatch.empty(DataType.INT64);

        assertRejected(schema, without(rows, "f64"), none, "lack field 'f64'");
        assertRejected(schema, without(rows, ColumnBatch.TIMESTAMP), none, "'$ts'");
        assertRejected(schema, with(rows, "extra", LongColumn.int64(new long[4])), none, "column 'extra'");
        assertRejected(
                schema,
                with(rows, "i8", new LongColumn(DataType.INT8, new long[] {1, 2, 128, 3})),
                none,
                "128 at row 2, outside Int8 range [-128, 127]");
        assertRejected(schema, with(rows, "i32", LongColumn.int64(new long[4])), none, "has type Int64");
        assertRejected(schema, with(rows, "embedding", new FloatVectorColumn(2, new float[8])), none, "2-d vectors");
        assertRejected(schema, rows, DeltaBatch.empty(DataType.VARCHAR), "VarChar primary keys");
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void readingWithAnotherTypeIsCorruptData() {
        RandomSegments random = new RandomSegments(RandomSegments.seeded(18));
        CollectionSchema schema = RandomSegments.everyTypeSchema(DataType.INT64);
        writer.write(KEY, schema, random.rows(schema, 3), DeltaBatch.empty(DataType.INT64));
        CollectionSchema changed = replaceField(
                schema, new FieldSchema(110, "tiny_vector", DataType.FLOAT_VECTOR, false, false, 2, 0, ""));

        assertThatThrownBy(() -> reader.readRows(KEY, changed))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA))
                .hasMessageContaining("binlog/1/2/3/110.arrow")
                .hasMessageContaining("FloatVector(2)");
    }

    @Test
    void binlogsOfDifferentLengthsAreCorruptData() {
        RandomSegments random = new RandomSegments(RandomSegments.seeded(19));
        CollectionSchema schema = RandomSegments.everyTypeSchema(DataType.INT64);
        SegmentKey other = new SegmentKey(1, 2, 4);
        writer.write(KEY, schema, random.rows(schema, 3), DeltaBatch.empty(DataType.INT64));
        writer.write(other, schema, random.rows(schema, 5), DeltaBatch.empty(DataType.INT64));
        store.put(SegmentPaths.timestampBinlog(KEY), store.getBytes(SegmentPaths.timestampBinlog(other)));

        assertThatThrownBy(() -> reader.readRows(KEY, schema))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA))
                .hasMessageContaining("'binlog/1/2/3/$ts.arrow' has 5 rows")
                .hasMessageContaining("have 3");
    }

    @Test
    void missingBinlogIsNotFound() {
        CollectionSchema schema = RandomSegments.everyTypeSchema(DataType.INT64);

        assertThatThrownBy(() -> reader.readRows(KEY, schema))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("binlog/1/2/3/");
    }

    private void assertRejected(CollectionSchema schema, ColumnBatch rows, DeltaBatch deletes, String message) {
        assertThatThrownBy(() -> writer.write(KEY, schema, rows, deletes))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining(message)
                .hasMessageContaining("segment 1/2/3");
    }

    private static void assertSameDeletes(DeltaBatch actual, DeltaBatch expected) {
        assertThat(actual.size()).isEqualTo(expected.size());
        assertSameColumn("$pk", actual.primaryKeys(), expected.primaryKeys());
        assertThat(actual.timestamps()).isEqualTo(expected.timestamps());
    }

    private Map<String, byte[]> snapshot() {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        for (ObjectInfo object : store.list("")) {
            objects.put(object.key(), store.getBytes(object.key()));
        }
        return objects;
    }

    private static ColumnBatch without(ColumnBatch rows, String name) {
        return edit(rows, columns -> columns.remove(name));
    }

    private static ColumnBatch with(ColumnBatch rows, String name, Column column) {
        return edit(rows, columns -> columns.put(name, column));
    }

    private static ColumnBatch edit(ColumnBatch rows, java.util.function.Consumer<Map<String, Column>> change) {
        Map<String, Column> columns = new LinkedHashMap<>(rows.columns());
        change.accept(columns);
        return new ColumnBatch(rows.rowCount(), columns);
    }

    private static CollectionSchema replaceField(CollectionSchema schema, FieldSchema replacement) {
        UnaryOperator<FieldSchema> replace = f -> f.id() == replacement.id() ? replacement : f;
        return new CollectionSchema(
                schema.name(),
                schema.description(),
                schema.fields().stream().map(replace).toList());
    }
}
