package io.quiver.coordinator.node;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * A scalar query of one shard at snapshot {@code snapshotTs}: the rows passing {@code filter}, ordered
 * by primary key.
 *
 * @param limit the most rows to return (the user's limit plus offset), or -1 for all
 * @param guaranteeTs wait until the shard has applied every write below this timestamp
 * @param snapshotTs evaluate at this timestamp, or 0 for "at the shard's service time after the wait"
 * @param countOnly return only the number of matching rows
 */
public record ShardQueryRequest(
        long collectionId,
        int shard,
        List<Long> partitionIds,
        String filter,
        List<String> outputFields,
        long limit,
        boolean countOnly,
        long guaranteeTs,
        long snapshotTs,
        Duration timeout) {
    public ShardQueryRequest {
        requireNonNull(timeout, "timeout");
        partitionIds = List.copyOf(partitionIds);
        outputFields = List.copyOf(outputFields);
        filter = filter == null ? "" : filter;
    }
}
