package io.quiver.common.expr;

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
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small collection "docs" with one field of every scalar type, and eight rows of it. */
final class FilterFixtures {
    static final CollectionSchema DOCS = new CollectionSchema(
            "docs",
            "",
            List.of(
                    new FieldSchema(100, "id", DataType.INT64, true, false, 0, 0, ""),
                    new FieldSchema(101, "age", DataType.INT32, false, false, 0, 0, ""),
                    new FieldSchema(102, "tiny", DataType.INT8, false, false, 0, 0, ""),
                    new FieldSchema(103, "small", DataType.INT16, false, false, 0, 0, ""),
                    new FieldSchema(104, "label", DataType.INT64, false, false, 0, 0, ""),
                    new FieldSchema(105, "price", DataType.DOUBLE, false, false, 0, 0, ""),
                    new FieldSchema(106, "score", DataType.FLOAT, false, false, 0, 0, ""),
                    new FieldSchema(107, "name", DataType.VARCHAR, false, false, 0, 256, ""),
                    new FieldSchema(108, "is_active", DataType.BOOL, false, false, 0, 0, ""),
                    new FieldSchema(109, "embedding", DataType.FLOAT_VECTOR, false, false, 2, 0, "")));

    private FilterFixtures() {}

    /**
     * <pre>
     * row  id  age  tiny  small  label  price  score  name       is_active
     *  0    1   10     1    100      1    1.5    0.5  alice      true
     *  1    2   20     2    200      2    2.5    1.0  bob        false
     *  2    3   30     3    300      3   10.0    1.5  carol      true
     *  3    4   40     4    400      4   10.5    2.0  dave       false
     *  4    5   -5    -5   -500      5   -1.0   -0.5  ""         true
     *  5    6    0     0      0      6    0.0    0.0  al%ce      false
     *  6    7   25   127  32767      7  100.0   3.25  ålesund    true
     *  7    8   35  -128 -32768      8    5.0    0.1  Bob        false
     * </pre>
     */
    static ColumnBatch docsBatch() {
        Map<String, Column> columns = new LinkedHashMap<>();
        columns.put("id", LongColumn.int64(new long[] {1, 2, 3, 4, 5, 6, 7, 8}));
        columns.put("age", new LongColumn(DataType.INT32, new long[] {10, 20, 30, 40, -5, 0, 25, 35}));
        columns.put("tiny", new LongColumn(DataType.INT8, new long[] {1, 2, 3, 4, -5, 0, 127, -128}));
        columns.put("small", new LongColumn(DataType.INT16, new long[] {100, 200, 300, 400, -500, 0, 32767, -32768}));
        columns.put("label", LongColumn.int64(new long[] {1, 2, 3, 4, 5, 6, 7, 8}));
        columns.put("price", new DoubleColumn(new double[] {1.5, 2.5, 10.0, 10.5, -1.0, 0.0, 100.0, 5.0}));
        columns.put("score", new FloatColumn(new float[] {0.5f, 1.0f, 1.5f, 2.0f, -0.5f, 0.0f, 3.25f, 0.1f}));
        columns.put(
                "name",
                new StringColumn(new String[] {"alice", "bob", "carol", "dave", "", "al%ce", "ålesund", "Bob"}));
        columns.put("is_active", new BoolColumn(new boolean[] {true, false, true, false, true, false, true, false}));
        columns.put("embedding", new FloatVectorColumn(2, new float[16]));
        return new ColumnBatch(8, columns);
    }

    /** The rows of the fixture batch that pass the filter. */
    static List<Integer> matching(String filter) {
        return matching(FilterParser.parse(filter, DOCS), docsBatch());
    }

    static List<Integer> matching(Filter filter, ColumnBatch batch) {
        BitSet out = new BitSet();
        filter.evaluate(batch, out);
        return rows(out);
    }

    static List<Integer> rows(BitSet bits) {
        List<Integer> rows = new ArrayList<>();
        bits.stream().forEach(rows::add);
        return rows;
    }

    static FieldSchema scalar(long id, String name, DataType type) {
        return new FieldSchema(id, name, type, false, false, 0, type == DataType.VARCHAR ? 1024 : 0, "");
    }

    static FieldSchema vector(long id) {
        return new FieldSchema(id, "vec", DataType.FLOAT_VECTOR, false, false, 2, 0, "");
    }
}
