package io.quiver.common.expr;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.common.expr.RandomFilters.Expr;
import io.quiver.common.expr.RandomFilters.Rows;
import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random filters over random batches: the column-at-a-time evaluation must agree with the row-at-a-time reference. */
class FilterRandomizedTest {
    private static final int ROUNDS = 2_500;

    @Test
    void agreesWithTheRowAtATimeReference() {
        long seed = Long.getLong("quiver.test.seed", System.nanoTime());
        System.out.println("seed=" + seed);
        Random random = new Random(seed);
        RandomFilters filters = new RandomFilters(random);
        for (int round = 0; round < ROUNDS; round++) {
            Expr expr = filters.expression(1 + random.nextInt(5));
            int count = random.nextInt(8) == 0 ? 64 * random.nextInt(3) : random.nextInt(200);
            Rows rows = Rows.random(random, count);
            Filter filter = FilterParser.parse(expr.text(), RandomFilters.SCHEMA);

            BitSet actual = new BitSet();
            actual.set(count + 3);
            filter.evaluate(rows.batch(), actual);
            BitSet expected = new BitSet();
            for (int row = 0; row < count; row++) {
                expected.set(row, expr.test().test(rows, row));
            }
            String context = "filter " + expr.text() + " (round " + round + ", seed " + seed + ")";
            assertThat(actual).as(context).isEqualTo(expected);
            assertThat(filter.fields()).as(context).isEqualTo(expr.fields());
        }
    }
}
