package io.quiver.bench.dataset;

import io.quiver.common.index.MetricType;
import java.util.Arrays;
import java.util.BitSet;
import java.util.stream.IntStream;

/** Exact top-k neighbours by brute force, and recall against them. */
public final class GroundTruth {
    private GroundTruth() {}

    /** For each query, the ids of its {@code k} nearest base vectors under the metric (ties by id). */
    public static int[][] exact(float[][] base, float[][] queries, int k, MetricType metric) {
        int[][] result = new int[queries.length][];
        for (int q = 0; q < queries.length; q++) {
            float[] scores = new float[base.length];
            Integer[] ids = new Integer[base.length];
            for (int i = 0; i < base.length; i++) {
                scores[i] = metric.score(queries[q], 0, base[i], 0, base[i].length);
                ids[i] = i;
            }
            Arrays.sort(ids, (a, b) -> {
                int c = metric.higherIsBetter()
                        ? Float.compare(scores[b], scores[a])
                        : Float.compare(scores[a], scores[b]);
                return c != 0 ? c : Integer.compare(a, b);
            });
            result[q] = new int[Math.min(k, base.length)];
            for (int i = 0; i < result[q].length; i++) {
                result[q][i] = ids[i];
            }
        }
        return result;
    }

    /**
     * For each query, the ids of its {@code k} nearest rows among those {@code passing} accepts (fewer if
     * fewer pass), best first, ties by id; queries run in parallel.
     */
    public static int[][] exactAmong(float[][] base, float[][] queries, int k, MetricType metric, BitSet passing) {
        int[] rows = passing.stream().toArray();
        int[][] result = new int[queries.length][];
        IntStream.range(0, queries.length).parallel().forEach(q -> {
            float[] scores = new float[rows.length];
            Integer[] order = new Integer[rows.length];
            for (int i = 0; i < rows.length; i++) {
                float[] row = base[rows[i]];
                scores[i] = metric.score(queries[q], 0, row, 0, row.length);
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> {
                int c = metric.higherIsBetter()
                        ? Float.compare(scores[b], scores[a])
                        : Float.compare(scores[a], scores[b]);
                return c != 0 ? c : Integer.compare(rows[a], rows[b]);
            });
            result[q] = new int[Math.min(k, rows.length)];
            for (int i = 0; i < result[q].length; i++) {
                result[q][i] = rows[order[i]];
            }
        });
        return result;
    }

    /**
     * Fraction of the true top-k found in the returned top-k, averaged over queries; a query with fewer than
     * k true neighbours (a filter passing fewer rows) is measured against those it has.
     */
    public static double recall(int[][] truth, long[][] found, int k) {
        double sum = 0;
        for (int q = 0; q < truth.length; q++) {
            int expected = Math.min(k, truth[q].length);
            if (expected == 0) {
                sum += 1;
                continue;
            }
            int hits = 0;
            for (int i = 0; i < Math.min(k, found[q].length); i++) {
                for (int t = 0; t < expected; t++) {
                    if (truth[q][t] == found[q][i]) {
                        hits++;
                        break;
                    }
                }
            }
            sum += hits / (double) expected;
        }
        return sum / truth.length;
    }
}
