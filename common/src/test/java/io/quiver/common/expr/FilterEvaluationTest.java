package io.quiver.common.expr;

import static io.quiver.common.expr.FilterFixtures.matching;
import static io.quiver.common.expr.FilterFixtures.scalar;
import static io.quiver.common.expr.FilterFixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.data.BoolColumn;
import io.quiver.common.data.Column;
import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.DoubleColumn;
import io.quiver.common.data.FloatColumn;
import io.quiver.common.data.LongColumn;
import io.quiver.common.data.StringColumn;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.DataType;
import io.quiver.common.schema.FieldSchema;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Evaluation on every column type, at the edges: extreme integers, NaN, signed zeros, infinities, Unicode. */
class FilterEvaluationTest {
    private static final CollectionSchema EDGES = new CollectionSchema(
            "edges",
            "",
            List.of(
                    new FieldSchema(100, "x", DataType.INT64, true, false, 0, 0, ""),
                    scalar(101, "i8", DataType.INT8),
                    scalar(102, "d", DataType.DOUBLE),
                    scalar(103, "f", DataType.FLOAT),
                    scalar(104, "s", DataType.VARCHAR),
                    scalar(105, "b", DataType.BOOL),
                    vector(106)));

    private static final long TWO_POW_53 = 1L << 53;

    private static ColumnBatch edgesBatch() {
        Map<String, Column> columns = new LinkedHashMap<>();
        columns.put(
                "x",
                LongColumn.int64(new long[] {Long.MIN_VALUE, -3, 2, 3, Long.MAX_VALUE, TWO_POW_53, TWO_POW_53 + 1}));
        columns.put("i8", new LongColumn(DataType.INT8, new long[] {-128, -1, 0, 1, 127, 5, 100}));
        columns.put("d", new DoubleColumn(new double[] {
            Double.NaN, -0.0, 0.0, 0.1, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e308
        }));
        columns.put("f", new FloatColumn(new float[] {
            Float.NaN, -0.0f, 0.0f, 0.1f, Float.POSITIVE_INFINITY, Float.MAX_VALUE, 1.0f
        }));
        columns.put("s", new StringColumn(new String[] {"", "a", "b", "\uFFFF", "\uD83D\uDE00", "日本語", "ab"}));
        columns.put("b", new BoolColumn(new boolean[] {true, false, true, true, false, false, true}));
        return new ColumnBatch(7, columns);
    }

    static Stream<Arguments> integers() {
        return Stream.of(
                Arguments.of("x > 2.5", List.of(3, 4, 5, 6)),
                Arguments.of("x >= 2.5", List.of(3, 4, 5, 6)),
                Arguments.of("x < 2.5", List.of(0, 1, 2)),
                Arguments.of("x <= -2.5", List.of(0, 1)),
                Arguments.of("x == 2.5", List.of()),
                Arguments.of("x != 2.5", List.of(0, 1, 2, 3, 4, 5, 6)),
                Arguments.of("x == 2.0", List.of(2)),
                Arguments.of("x == 2e0", List.of(2)),
                Arguments.of("x > 9223372036854775807", List.of()),
                Arguments.of("x >= 9223372036854775807", List.of(4)),
                Arguments.of("x > 9223372036854775806.5", List.of(4)),
                Arguments.of("x > 9223372036854775808", List.of()),
                Arguments.of("x < 9223372036854775808", List.of(0, 1, 2, 3, 4, 5, 6)),
                Arguments.of("x != 9223372036854775808", List.of(0, 1, 2, 3, 4, 5, 6)),
                Arguments.of("x > -9223372036854775809", List.of(0, 1, 2, 3, 4, 5, 6)),
                Arguments.of("x < -9223372036854775808", List.of()),
                Arguments.of("x <= -9223372036854775808", List.of(0)),
                Arguments.of("x < -9223372036854775807.5", List.of(0)),
                Arguments.of("x == 9007199254740993", List.of(6)),
                Arguments.of("x > 9007199254740992.5", List.of(4, 6)),
                Arguments.of("x < 9.007199254740993e15", List.of(0, 1, 2, 3, 5)),
                Arguments.of("x > 1e10000", List.of()),
                Arguments.of("x < 1e10000", List.of(0, 1, 2, 3, 4, 5, 6)),
                Arguments.of("x > 1e-10000", List.of(2, 3, 4, 5, 6)),
                Arguments.of("x <= 1e-10000", List.of(0, 1)),
                Arguments.of("-9223372036854775808 <= x <= 9223372036854775807", List.of(0, 1, 2, 3, 4, 5, 6)),
                Arguments.of("9223372036854775807 < x < 9223372036854775808", List.of()),
                Arguments.of("-4 < x < 3", List.of(1, 2)),
                Arguments.of("x in [9223372036854775807, 2.0, 2.5, 1e30, -9223372036854775808]", List.of(0, 2, 4)),
                Arguments.of("x not in [9007199254740992]", List.of(0, 1, 2, 3, 4, 6)),
                Arguments.of("i8 > 1000", List.of()),
                Arguments.of("i8 < 1000", List.of(0, 1, 2, 3, 4, 5, 6)),
                Arguments.of("i8 >= -128", List.of(0, 1, 2, 3, 4, 5, 6)),
                Arguments.of("i8 == 300", List.of()),
                Arguments.of("i8 != 300", List.of(0, 1, 2, 3, 4, 5, 6)),
                Arguments.of("i8 in [300, 127]", List.of(4)),
                Arguments.of("-129 < i8 < 128", List.of(0, 1, 2, 3, 4, 5, 6)));
    }

    static Stream<Arguments> floatingPoint() {
        return Stream.of(
                Arguments.of("d > 0", List.of(3, 4, 6)),
                Arguments.of("d >= 0", List.of(1, 2, 3, 4, 6)),
                Arguments.of("d == 0", List.of(1, 2)),
                Arguments.of("d == -0.0", List.of(1, 2)),
                Arguments.of("d != 0", List.of(0, 3, 4, 5, 6)),
                Arguments.of("d < 0", List.of(5)),
                Arguments.of("d == 0.1", List.of(3)),
                Arguments.of("d > 1e400", List.of()),
                Arguments.of("d >= 1e400", List.of(4)),
                Arguments.of("d < 1e400", List.of(1, 2, 3, 5, 6)),
                Arguments.of("d <= -1e400", List.of(5)),
                Arguments.of("d > -1e400", List.of(1, 2, 3, 4, 6)),
                Arguments.of("d in [0, 0.1]", List.of(1, 2, 3)),
                Arguments.of("d not in [0, 0.1]", List.of(0, 4, 5, 6)),
                Arguments.of("not d > 0", List.of(0, 1, 2, 5)),
                Arguments.of("0 <= d < 1e308", List.of(1, 2, 3)),
                Arguments.of("f == 0.1", List.of(3)),
                Arguments.of("f > 0.1", List.of(4, 5, 6)),
                Arguments.of("f >= 0.1", List.of(3, 4, 5, 6)),
                Arguments.of("f < 0.1", List.of(1, 2)),
                Arguments.of("f == 0", List.of(1, 2)),
                Arguments.of("f > 3.4028235e38", List.of(4)),
                Arguments.of("f > 1e39", List.of()),
                Arguments.of("f >= 1e39", List.of(4)),
                Arguments.of("f in [0.1, 1, -0.0]", List.of(1, 2, 3, 6)),
                Arguments.of("f != 1", List.of(0, 1, 2, 3, 4, 5)),
                Arguments.of("0 < f < 1", List.of(3)));
    }

    static Stream<Arguments> stringsAndBools() {
        return Stream.of(
                // code point order (that of UTF-8 bytes): U+1F600 sorts after U+FFFF
                Arguments.of("s > \"\\uffff\"", List.of(4)),
                Arguments.of("s < \"😀\"", List.of(0, 1, 2, 3, 5, 6)),
                Arguments.of("s >= '日'", List.of(3, 4, 5)),
                Arguments.of("s == \"\\ud83d\\ude00\"", List.of(4)),
                Arguments.of("s like \"_\"", List.of(1, 2, 3, 4)),
                Arguments.of("s like \"%本%\"", List.of(5)),
                Arguments.of("s like \"日_語\"", List.of(5)),
                Arguments.of("s in [\"日本語\", 'a', '😀']", List.of(1, 4, 5)),
                Arguments.of("\"a\" <= s < \"b\"", List.of(1, 6)),
                Arguments.of("s != \"\"", List.of(1, 2, 3, 4, 5, 6)),
                Arguments.of("s < \"\"", List.of()),
                Arguments.of("s <= \"\"", List.of(0)),
                Arguments.of("b", List.of(0, 2, 3, 6)),
                Arguments.of("b != false", List.of(0, 2, 3, 6)),
                Arguments.of("b in []", List.of()),
                Arguments.of("b not in [false]", List.of(0, 2, 3, 6)),
                Arguments.of("b and s like 'a%' or x == 3", List.of(3, 6)));
    }

    @ParameterizedTest
    @MethodSource({"integers", "floatingPoint", "stringsAndBools"})
    void comparesExactly(String filter, List<Integer> expected) {
        assertThat(matching(FilterParser.parse(filter, EDGES), edgesBatch()))
                .as(filter)
                .isEqualTo(expected);
    }

    @Test
    void filtersOnAVarCharPrimaryKey() {
        CollectionSchema schema = new CollectionSchema(
                "keyed",
                "",
                List.of(new FieldSchema(100, "pk", DataType.VARCHAR, true, false, 0, 64, ""), vector(101)));
        ColumnBatch batch = new ColumnBatch(3, Map.of("pk", new StringColumn(new String[] {"k1", "k2", "k3"})));
        assertThat(matching(FilterParser.parse("pk in [\"k1\", \"k3\"]", schema), batch))
                .containsExactly(0, 2);
        assertThat(matching(FilterParser.parse("pk == 'k2'", schema), batch)).containsExactly(1);
        assertThat(matching(FilterParser.parse("pk > 'k1'", schema), batch)).containsExactly(1, 2);
        assertThat(matching(FilterParser.parse("pk like 'k%'", schema), batch)).containsExactly(0, 1, 2);
    }

    @Test
    void evaluatesEmptyBatches() {
        ColumnBatch empty =
                new ColumnBatch(0, Map.of("x", LongColumn.int64(new long[0]), "b", new BoolColumn(new boolean[0])));
        assertThat(matching(FilterParser.parse("x > 1 or not b", EDGES), empty)).isEmpty();
        assertThat(matching(FilterParser.parse("true", EDGES), empty)).isEmpty();
    }

    @Test
    void neverSetsBitsPastTheLastRow() {
        int rows = 130;
        boolean[] flags = new boolean[rows];
        java.util.Arrays.fill(flags, true);
        ColumnBatch batch =
                new ColumnBatch(rows, Map.of("x", LongColumn.int64(new long[rows]), "b", new BoolColumn(flags)));
        BitSet out = new BitSet();
        FilterParser.parse("x not in []", EDGES).evaluate(batch, out);
        assertThat(out.cardinality()).isEqualTo(rows);
        assertThat(out.length()).isEqualTo(rows);
        FilterParser.parse("not (x == 1 or not b)", EDGES).evaluate(batch, out);
        assertThat(out.cardinality()).isEqualTo(rows);
        assertThat(out.length()).isEqualTo(rows);
        FilterParser.parse("true", EDGES).evaluate(batch, out);
        assertThat(out.length()).isEqualTo(rows);
        FilterParser.parse("not b", EDGES).evaluate(batch, out);
        assertThat(out.isEmpty()).isTrue();
    }

    @Test
    void evaluatesFiltersBuiltInCode() {
        Filter filter = new Or(List.of(
                new Compare("x", DataType.INT64, CompareOp.GT, Literal.of(2.5)),
                new In("s", DataType.VARCHAR, ValueSet.of(DataType.VARCHAR, List.of(Literal.of("a"))), false),
                new Range("d", DataType.DOUBLE, Literal.of(-1), false, Literal.of(0), true)));
        assertThat(matching(filter, edgesBatch())).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(matching(new Like("s", LikePattern.compile("a%")), edgesBatch()))
                .containsExactly(1, 6);
        assertThat(matching(new Not(new Constant(false)), edgesBatch())).hasSize(7);
        assertThatThrownBy(() -> new Compare("s", DataType.VARCHAR, CompareOp.EQ, Literal.of(3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot compare field 's' (VarChar) with integer 3");
        assertThatThrownBy(() -> new Compare("b", DataType.BOOL, CompareOp.LT, Literal.of(true)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new And(List.of(new Constant(true)))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reportsABatchThatDoesNotMatchTheSchema() {
        ColumnBatch wrong = new ColumnBatch(1, Map.of("x", new StringColumn(new String[] {"1"})));
        assertThatThrownBy(() -> FilterParser.parse("x > 1", EDGES).evaluate(wrong, new BitSet()))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessage("column 'x' holds VarChar values, but the filter expects Int64 values");
        assertThatThrownBy(() -> FilterParser.parse("x in [1]", EDGES).evaluate(wrong, new BitSet()))
                .hasMessage("column 'x' holds VarChar values, but the filter expects Int64 values");
        assertThatThrownBy(() -> FilterParser.parse("b", EDGES).evaluate(wrong, new BitSet()))
                .hasMessageContaining("no column 'b'");
    }
}
