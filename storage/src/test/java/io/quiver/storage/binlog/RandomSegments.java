package io.quiver.storage.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.common.data.BoolColumn;
import io.quiver.common.data.Column;
import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.DoubleColumn;
import io.quiver.common.data.FloatColumn;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.data.LongColumn;
import io.quiver.common.data.StringColumn;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.DataType;
import io.quiver.common.schema.FieldSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/** Seeded random schemas, rows and deletes for binlog tests. */
final class RandomSegments {
    static final String SEED_PROPERTY = "quiver.test.seed";
    private static final String[] STRING_PIECES = {
        "", "a", "Zz", "quiver", "ü", "日本語", "🙂", "e\u0301", "\t", " ", "Ω≈ç√", "𝄞", "\u0000"
    };

    private final SplittableRandom random;

    RandomSegments(SplittableRandom random) {
        this.random = random;
    }

    /** The seed of a randomized test: the system property {@value #SEED_PROPERTY}, else {@code defaultSeed}. */
    static SplittableRandom seeded(long defaultSeed) {
        long seed = Long.getLong(SEED_PROPERTY, defaultSeed);
        System.out.println("seed=" + seed);
        return new SplittableRandom(seed);
    }

    /** A collection with a field of every type (two vector fields, one of 784 dimensions). */
    static CollectionSchema everyTypeSchema(DataType primaryKeyType) {
        int pkMaxLength = primaryKeyType == DataType.VARCHAR ? 256 : 0;
        return new CollectionSchema(
                "every_type",
                "",
                List.of(
                        new FieldSchema(100, "pk", primaryKeyType, true, false, 0, pkMaxLength, ""),
                        new FieldSchema(101, "flag", DataType.BOOL, false, false, 0, 0, ""),
                        new FieldSchema(102, "i8", DataType.INT8, false, false, 0, 0, ""),
                        new FieldSchema(103, "i16", DataType.INT16, false, false, 0, 0, ""),
                        new FieldSchema(104, "i32", DataType.INT32, false, false, 0, 0, ""),
                        new FieldSchema(105, "i64", DataType.INT64, false, false, 0, 0, ""),
                        new FieldSchema(106, "f32", DataType.FLOAT, false, false, 0, 0, ""),
                        new FieldSchema(107, "f64", DataType.DOUBLE, false, false, 0, 0, ""),
                        new FieldSchema(108, "text", DataType.VARCHAR, false, false, 0, 65_535, ""),
                        new FieldSchema(109, "embedding", DataType.FLOAT_VECTOR, false, false, 784, 0, ""),
                        new FieldSchema(110, "tiny_vector", DataType.FLOAT_VECTOR, false, false, 1, 0, "")));
    }

    /** {@code rows} random rows of every field of the schema plus {@code $ts}; primary keys are unique. */
    ColumnBatch rows(CollectionSchema schema, int rows) {
        Map<String, Column> columns = new LinkedHashMap<>();
        for (FieldSchema field : schema.fields()) {
            columns.put(field.name(), field.primaryKey() ? primaryKeys(field.dataType(), rows) : column(field, rows));
        }
        columns.put(
                ColumnBatch.TIMESTAMP,
                LongColumn.int64(random.longs(rows, 0, Long.MAX_VALUE).toArray()));
        return new ColumnBatch(rows, columns);
    }

    /** {@code count} deletes of random keys of the given type. */
    DeltaBatch deletes(DataType primaryKeyType, int count) {
        return new DeltaBatch(
                primaryKeys(primaryKeyType, count), random.longs(count).toArray());
    }

    /** Unique keys, in random order; Int64 keys include both extremes when there is room. */
    Column primaryKeys(DataType type, int count) {
        if (type == DataType.INT64) {
            long[] keys = new long[count];
            for (int i = 0; i < count; i++) {
                keys[i] = i == 0 ? Long.MIN_VALUE : i == 1 ? Long.MAX_VALUE : random.nextLong();
            }
            return LongColumn.int64(distinct(keys));
        }
        String[] keys = new String[count];
        for (int i = 0; i < count; i++) {
            keys[i] = string(12) + "#" + i;
        }
        return new StringColumn(keys);
    }

    private static long[] distinct(long[] keys) {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < keys.length; i++) {
            while (!seen.add(keys[i])) {
                keys[i]++;
            }
        }
        return keys;
    }

    private Column column(FieldSchema field, int rows) {
        return switch (field.dataType()) {
            case BOOL -> {
                boolean[] values = new boolean[rows];
                for (int i = 0; i < rows; i++) {
                    values[i] = random.nextBoolean();
                }
                yield new BoolColumn(values);
            }
            case INT8, INT16, INT32, INT64 -> new LongColumn(field.dataType(), integers(field.dataType(), rows));
            case FLOAT -> new FloatColumn(floats(rows));
            case DOUBLE -> {
                double[] values = random.doubles(rows, -1e300, 1e300).toArray();
                double[] specials = {Double.NaN, -0.0, Double.MAX_VALUE, Double.MIN_VALUE, Double.NEGATIVE_INFINITY};
                for (int i = 0; i < Math.min(rows, specials.length); i++) {
                    values[random.nextInt(rows)] = specials[i];
                }
                yield new DoubleColumn(values);
            }
            case VARCHAR -> {
                String[] values = new String[rows];
                for (int i = 0; i < rows; i++) {
                    values[i] = random.nextInt(10) == 0 ? "" : string(40);
                }
                yield new StringColumn(values);
            }
            case FLOAT_VECTOR -> new FloatVectorColumn(field.dimension(), floats(rows * field.dimension()));
        };
    }

    private long[] integers(DataType type, int rows) {
        long[] values = new long[rows];
        for (int i = 0; i < rows; i++) {
            values[i] = switch (random.nextInt(8)) {
                case 0 -> type.minValue();
                case 1 -> type.maxValue();
                case 2 -> 0;
                default ->
                    type == DataType.INT64 ? random.nextLong() : random.nextLong(type.minValue(), type.maxValue() + 1);
            };
        }
        return values;
    }

    private float[] floats(int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        float[] specials = {Float.NaN, -0.0f, Float.MAX_VALUE, Float.MIN_VALUE, Float.POSITIVE_INFINITY};
        for (int i = 0; i < Math.min(count, specials.length); i++) {
            values[random.nextInt(count)] = specials[i];
        }
        return values;
    }

    private String string(int maxPieces) {
        StringBuilder out = new StringBuilder();
        int pieces = random.nextInt(maxPieces + 1);
        for (int i = 0; i < pieces; i++) {
            out.append(STRING_PIECES[random.nextInt(STRING_PIECES.length)]);
        }
        return out.toString();
    }

    /** Asserts that two batches hold the same columns (in the same order) with the same values. */
    static void assertSameRows(ColumnBatch actual, ColumnBatch expected) {
        assertThat(actual.rowCount()).isEqualTo(expected.rowCount());
        assertThat(new ArrayList<>(actual.columns().keySet()))
                .containsExactlyElementsOf(expected.columns().keySet());
        expected.columns().forEach((name, column) -> assertSameColumn(name, actual.column(name), column));
    }

    static void assertSameColumn(String name, Column actual, Column expected) {
        assertThat(actual.type()).as("type of %s", name).isEqualTo(expected.type());
        switch (expected) {
            case BoolColumn e ->
                assertThat(((BoolColumn) actual).values()).as(name).isEqualTo(e.values());
            case LongColumn e ->
                assertThat(((LongColumn) actual).values()).as(name).isEqualTo(e.values());
            case FloatColumn e ->
                assertThat(((FloatColumn) actual).values()).as(name).isEqualTo(e.values());
            case DoubleColumn e ->
                assertThat(((DoubleColumn) actual).values()).as(name).isEqualTo(e.values());
            case StringColumn e ->
                assertThat(((StringColumn) actual).values()).as(name).isEqualTo(e.values());
            case FloatVectorColumn e -> {
                FloatVectorColumn vectors = (FloatVectorColumn) actual;
                assertThat(vectors.dimension()).as("dimension of %s", name).isEqualTo(e.dimension());
                assertThat(vectors.values()).as(name).isEqualTo(e.values());
            }
        }
    }
}
