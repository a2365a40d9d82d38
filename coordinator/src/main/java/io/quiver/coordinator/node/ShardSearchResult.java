package io.quiver.coordinator.node;

import static java.util.Objects.requireNonNull;

import io.quiver.common.data.Column;
import io.quiver.common.data.ColumnBatch;
import java.util.List;

/** Per query of a {@link ShardSearchRequest}, its hits best first. */
public record ShardSearchResult(List<Hits> perQuery) {
    public ShardSearchResult {
        perQuery = List.copyOf(perQuery);
    }

    /**
     * @param primaryKeys the hits' primary keys
     * @param scores the hits' scores, in the metric's Milvus convention
     * @param fields the requested output fields of the hits, row i for hit i
     */
    public record Hits(Column primaryKeys, float[] scores, ColumnBatch fields) {
        public Hits {
            requireNonNull(primaryKeys, "primaryKeys");
            requireNonNull(scores, "scores");
            requireNonNull(fields, "fields");
            if (primaryKeys.size() != scores.length || fields.rowCount() != scores.length) {
                throw new IllegalArgumentException("hit arrays differ in length");
            }
        }

        public int size() {
            return scores.length;
        }
    }
}
