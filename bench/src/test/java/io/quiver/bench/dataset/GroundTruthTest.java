package io.quiver.bench.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.common.index.MetricType;
import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GroundTruthTest {
    @Test
    void exactAmongPassingRowsEqualsExactOverTheSubset() {
        long seed = 11;
        System.out.println("seed=" + seed);
        Random random = new Random(seed);
        float[][] base = new float[500][8];
        float[][] queries = new float[20][8];
        for (float[] row : base) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) random.nextGaussian();
            }
        }
        for (float[] row : queries) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) random.nextGaussian();
            }
        }
        BitSet passing = new BitSet();
        for (int i = 0; i < base.length; i += 3) {
            passing.set(i);
        }
        float[][] subset = passing.stream().mapToObj(i -> base[i]).toArray(float[][]::new);
        int[] ids = passing.stream().toArray();

        for (MetricType metric : MetricType.values()) {
            int[][] among = GroundTruth.exactAmong(base, queries, 10, metric, passing);
            int[][] direct = GroundTruth.exact(subset, queries, 10, metric);
            for (int q = 0; q < queries.length; q++) {
                int[] mapped = new int[10];
                for (int i = 0; i < 10; i++) {
                    mapped[i] = ids[direct[q][i]];
                }
                assertThat(among[q]).as("%s query %d", metric, q).containsExactly(mapped);
            }
        }
    }

    @Test
    void recallIsMeasuredAgainstTheNeighboursThatExist() {
        int[][] truth = {{4, 7}, {1, 2, 3, 5, 6, 8, 9, 10, 11, 12}, {}};
        long[][] found = {{7, 4}, {1, 2, 3, 5, 6, 99, 98, 97, 96, 95}, {}};

        assertThat(GroundTruth.recall(truth, found, 10)).isEqualTo((1.0 + 0.5 + 1.0) / 3);
    }
}
