package io.quiver.bench.ann;

import io.quiver.common.index.MetricType;
import java.util.Map;

/**
 * Vectors to index and search, with the true nearest neighbours of every query.
 *
 * @param name shown in reports
 * @param base the rows; row {@code i} gets id {@code i}
 * @param queries the query vectors
 * @param truth per query, the ids of its nearest rows, best first (at least k of them)
 * @param metric how rows are ranked
 * @param scalars integer scalar fields by name (such as {@code label}), one value per row; may be empty
 */
public record Dataset(
        String name, float[][] base, float[][] queries, int[][] truth, MetricType metric, Map<String, int[]> scalars) {
    public Dataset {
        scalars = Map.copyOf(scalars);
    }

    public int dimension() {
        return base[0].length;
    }

    /** The same rows and fields with other queries and their truth. */
    public Dataset withQueries(float[][] newQueries, int[][] newTruth) {
        return new Dataset(name, base, newQueries, newTruth, metric, scalars);
    }
}
