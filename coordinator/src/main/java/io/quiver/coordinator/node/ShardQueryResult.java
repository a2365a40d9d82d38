package io.quiver.coordinator.node;

import static java.util.Objects.requireNonNull;

import io.quiver.common.data.Column;
import io.quiver.common.data.ColumnBatch;

/**
 * Rows of a {@link ShardQueryRequest} in primary-key order (primary key column plus the output fields),
 * and the number of matching rows (exact, before the limit).
 */
public record ShardQueryResult(Column primaryKeys, ColumnBatch rows, long count) {
    public ShardQueryResult {
        requireNonNull(primaryKeys, "primaryKeys");
        requireNonNull(rows, "rows");
    }
}
