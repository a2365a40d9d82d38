package io.quiver.bench.ann;

import io.quiver.common.index.MetricType;

/**
 * Vectors to index and search, with the true nearest neighbours of every query.
 *
 * @param name shown in reports
 * @param base the rows; row {@code i} gets id {@code i}
 * @param queries the query vectors
 * @param truth per query, the ids of its nearest rows, best first (at least k of them)
 * @param metric how rows are ranked
 * @param labels a class label per row (becomes the scalar field {@code label}), or null
 */
public record Dataset(String name, float[][] base, float[][] queries, int[][] truth, MetricType metric, int[] labels) {
    public int dimension() {
        return base[0].length;
    }
}
