package io.quiver.common.expr;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.DoubleColumn;
import io.quiver.common.data.LongColumn;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.DataType;
import io.quiver.common.schema.FieldSchema;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A sanity check that evaluation runs at column speed; the bound is loose so that slow machines pass. */
class FilterThroughputTest {
    private static final int ROWS = 1_000_000;

    @Test
    void evaluatesAMillionRowsQuickly() {
        CollectionSchema schema = new CollectionSchema(
                "items",
                "",
                List.of(
                        new FieldSchema(100, "id", DataType.INT64, true, false, 0, 0, ""),
                        FilterFixtures.scalar(101, "label", DataType.INT64),
                        FilterFixtures.scalar(102, "price", DataType.DOUBLE),
                        FilterFixtures.vector(103)));
        long seed = Long.getLong("quiver.test.seed", System.nanoTime());
        System.out.println("seed=" + seed);
        Random random = new Random(seed);
        long[] labels = new long[ROWS];
        double[] prices = new double[ROWS];
        int expected = 0;
        for (int i = 0; i < ROWS; i++) {
            labels[i] = random.nextInt(10);
            prices[i] = random.nextDouble() * 20;
            boolean passes = (labels[i] == 1 || labels[i] == 3 || labels[i] == 5) && prices[i] < 10.5;
            expected += passes ? 1 : 0;
        }
        ColumnBatch batch =
                new ColumnBatch(ROWS, Map.of("label", LongColumn.int64(labels), "price", new DoubleColumn(prices)));
        Filter filter = FilterParser.parse("label in [1,3,5] and price < 10.5", schema);

        BitSet out = new BitSet();
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 10; run++) {
            long start = System.nanoTime();
            filter.evaluate(batch, out);
            best = Math.min(best, System.nanoTime() - start);
        }
        System.out.printf("label in [1,3,5] and price < 10.5 over %,d rows: best %.2f ms%n", ROWS, best / 1e6);
        assertThat(out.cardinality()).isEqualTo(expected);
        assertThat(best / 1_000_000).isLessThan(500);
    }
}
