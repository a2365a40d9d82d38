package io.quiver.coordinator.rpc;

import io.quiver.common.data.BoolColumn;
import io.quiver.common.data.Column;
import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.DoubleColumn;
import io.quiver.common.data.FloatColumn;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.data.LongColumn;
import io.quiver.common.data.StringColumn;
import io.quiver.common.index.MetricType;
import io.quiver.common.index.SearchParams;
import io.quiver.common.schema.DataType;
import io.quiver.coordinator.node.ShardQueryRequest;
import io.quiver.coordinator.node.ShardQueryResult;
import io.quiver.coordinator.node.ShardSearchRequest;
import io.quiver.coordinator.node.ShardSearchResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random records of the node interfaces, every column type included, for codec and RPC round trips. */
final class RandomRecords {
    private static final String[] WORDS = {"", "a", "vector", "é", "中文", "😀 emoji", "quote\"", "tab\t", "null\0"};

    private final Random random;

    RandomRecords(Random random) {
        this.random = random;
    }

    Column column(DataType type, int rows) {
        return switch (type) {
            case BOOL -> {
                boolean[] values = new boolean[rows];
                for (int i = 0; i < rows; i++) {
                    values[i] = random.nextBoolean();
                }
                yield new BoolColumn(values);
            }
            case INT8, INT16, INT32, INT64 -> {
                long[] values = new long[rows];
                for (int i = 0; i < rows; i++) {
                    values[i] = type == DataType.INT64
                            ? random.nextLong()
                            : random.nextLong(type.minValue(), type.maxValue() + 1);
                }
                yield new LongColumn(type, values);
            }
            case FLOAT -> {
                float[] values = new float[rows];
                for (int i = 0; i < rows; i++) {
                    values[i] = (float) random.nextGaussian() * 1e6f;
                }
                yield new FloatColumn(values);
            }
            case DOUBLE -> {
                double[] values = new double[rows];
                for (int i = 0; i < rows; i++) {
                    values[i] = random.nextGaussian() * 1e300;
                }
                yield new DoubleColumn(values);
            }
            case VARCHAR -> {
                String[] values = new String[rows];
                for (int i = 0; i < rows; i++) {
                    values[i] = WORDS[random.nextInt(WORDS.length)] + random.nextInt(1000);
                }
                yield new StringColumn(values);
            }
            case FLOAT_VECTOR -> {
                int dimension = 1 + random.nextInt(16);
                yield new FloatVectorColumn(dimension, floats(rows * dimension));
            }
        };
    }

    /** A batch with one column of every type (in random order) or, sometimes, none. */
    ColumnBatch batch(int rows) {
        Map<String, Column> columns = new LinkedHashMap<>();
        if (random.nextInt(5) > 0) {
            List<DataType> types = new ArrayList<>(List.of(DataType.values()));
            java.util.Collections.shuffle(types, random);
            for (DataType type : types) {
                columns.put("f_" + type.name().toLowerCase(java.util.Locale.ROOT), column(type, rows));
            }
        }
        if (random.nextBoolean()) {
            columns.put(ColumnBatch.TIMESTAMP, column(DataType.INT64, rows));
        }
        return new ColumnBatch(rows, columns);
    }

    Column primaryKeys(int rows) {
        return column(random.nextBoolean() ? DataType.INT64 : DataType.VARCHAR, rows);
    }

    ShardSearchRequest searchRequest() {
        int dimension = 1 + random.nextInt(32);
        List<float[]> queries = new ArrayList<>();
        for (int q = random.nextInt(4); q > 0; q--) {
            queries.add(floats(dimension));
        }
        return new ShardSearchRequest(
                random.nextLong(1, Long.MAX_VALUE),
                random.nextInt(16),
                longs(random.nextInt(3)),
                "field_" + random.nextInt(10),
                queries,
                1 + random.nextInt(16_384),
                MetricType.values()[random.nextInt(MetricType.values().length)],
                new SearchParams(random.nextInt(500)),
                random.nextBoolean() ? "" : "id > " + random.nextInt(),
                random.nextLong(0, Long.MAX_VALUE),
                random.nextLong(0, Long.MAX_VALUE),
                names(random.nextInt(4)),
                Duration.ofNanos(random.nextLong(1, Long.MAX_VALUE)));
    }

    ShardSearchResult searchResult() {
        List<ShardSearchResult.Hits> perQuery = new ArrayList<>();
        for (int q = random.nextInt(4); q > 0; q--) {
            int hits = random.nextInt(3) == 0 ? 0 : random.nextInt(20);
            perQuery.add(new ShardSearchResult.Hits(primaryKeys(hits), floats(hits), batch(hits)));
        }
        return new ShardSearchResult(perQuery);
    }

    ShardQueryRequest queryRequest() {
        return new ShardQueryRequest(
                random.nextLong(1, Long.MAX_VALUE),
                random.nextInt(16),
                longs(random.nextInt(3)),
                random.nextBoolean() ? "" : "name like \"a%\"",
                names(random.nextInt(4)),
                random.nextBoolean() ? -1 : random.nextInt(16_384),
                random.nextBoolean(),
                random.nextLong(0, Long.MAX_VALUE),
                random.nextLong(0, Long.MAX_VALUE),
                Duration.ofNanos(random.nextLong(1, Long.MAX_VALUE)));
    }

    ShardQueryResult queryResult() {
        int rows = random.nextInt(3) == 0 ? 0 : random.nextInt(50);
        return new ShardQueryResult(primaryKeys(rows), batch(rows), rows + random.nextInt(1_000));
    }

    float[] floats(int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private List<Long> longs(int count) {
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(random.nextLong());
        }
        return values;
    }

    private List<String> names(int count) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add("out_" + i);
        }
        return values;
    }
}
