package io.quiver.coordinator.node;

import static java.util.Objects.requireNonNull;

import io.quiver.common.index.MetricType;
import io.quiver.common.index.SearchParams;
import java.time.Duration;
import java.util.List;

/**
 * A top-k search of one shard at snapshot {@code snapshotTs}.
 *
 * @param partitionIds partitions to search; empty means all
 * @param queries one vector per query, each of the field's dimension
 * @param topK hits per query (the user's limit plus offset)
 * @param metric the metric to rank by; it must match the field's index metric if there is one
 * @param filter a boolean expression over scalar fields, or empty for none
 * @param outputFields fields to return with each hit
 * @param guaranteeTs wait until the shard has applied every write below this timestamp
 * @param snapshotTs evaluate at this timestamp, or 0 for "at the shard's service time after the wait"
 * @param timeout how long to wait for the shard to reach the snapshot
 */
public record ShardSearchRequest(
        long collectionId,
        int shard,
        List<Long> partitionIds,
        String vectorField,
        List<float[]> queries,
        int topK,
        MetricType metric,
        SearchParams params,
        String filter,
        long guaranteeTs,
        long snapshotTs,
        List<String> outputFields,
        Duration timeout) {
    public ShardSearchRequest {
        requireNonNull(vectorField, "vectorField");
        requireNonNull(metric, "metric");
        requireNonNull(params, "params");
        requireNonNull(timeout, "timeout");
        partitionIds = List.copyOf(partitionIds);
        queries = List.copyOf(queries);
        outputFields = List.copyOf(outputFields);
        filter = filter == null ? "" : filter;
    }
}
