package io.quiver.common.index.flat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopRowsTest {
    private static final long SEED = Long.getLong("quiver.test.seed", 42L);

    @Test
    void keepsTheSmallestKeysWithTiesToTheLowerOrdinal() {
        System.out.println("seed=" + SEED);
        Random random = new Random(SEED);
        for (int round = 0; round < 200; round++) {
            int rows = 1 + random.nextInt(300);
            int capacity = 1 + random.nextInt(rows + 5);
            float[] keys = new float[rows];
            TopRows top = new TopRows(Math.min(capacity, rows));
            for (int row = 0; row < rows; row++) {
                keys[row] = random.nextInt(40); // many ties
                top.offer(row, keys[row]);
            }
            int[] expected = IntStream.range(0, rows)
                    .boxed()
                    .sorted(Comparator.<Integer>comparingDouble(row -> keys[row])
                            .thenComparing(row -> row))
                    .limit(capacity)
                    .mapToInt(Integer::intValue)
                    .sorted()
                    .toArray();
            int[] kept = Arrays.copyOf(top.ordinals(), top.size());
            Arrays.sort(kept);
            assertThat(kept).containsExactly(expected);
        }
    }

    @Test
    void neverKeepsNaN() {
        TopRows top = new TopRows(3);
        top.offer(0, Float.NaN);
        top.offer(1, 5f);
        top.offer(2, Float.NaN);
        top.offer(3, 1f);
        assertThat(Arrays.copyOf(top.ordinals(), top.size())).containsExactlyInAnyOrder(1, 3);
    }
}
