package io.quiver.common.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RowFilterTest {
    @Test
    void aBitSetFilterVisitsExactlyItsRowsWithinTheRange() {
        long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("seed=" + seed);
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            int size = 1 + random.nextInt(300);
            BitSet bits = new BitSet();
            for (int i = 0; i < size + 70; i++) { // bits past the end must be ignored
                if (random.nextInt(8) == 0) {
                    bits.set(i);
                }
            }
            RowFilter byBits = RowFilter.of(bits);
            RowFilter byPredicate = bits::get;

            List<Integer> expected = bits.stream().filter(i -> i < size).boxed().toList();
            assertThat(visit(byBits, size)).isEqualTo(expected);
            assertThat(visit(byPredicate, size)).isEqualTo(expected);
        }
    }

    @Test
    void noRowIsMinusOne() {
        assertThat(RowFilter.of(new BitSet()).nextAccepted(0, 100)).isEqualTo(-1);
        assertThat(((RowFilter) row -> false).nextAccepted(0, 100)).isEqualTo(-1);
        BitSet late = new BitSet();
        late.set(100);
        assertThat(RowFilter.of(late).nextAccepted(0, 100)).isEqualTo(-1);
        assertThat(RowFilter.of(late).nextAccepted(0, 101)).isEqualTo(100);
    }

    private static List<Integer> visit(RowFilter filter, int size) {
        List<Integer> rows = new ArrayList<>();
        for (int row = filter.nextAccepted(0, size); row >= 0; row = filter.nextAccepted(row + 1, size)) {
            rows.add(row);
        }
        return rows;
    }
}
