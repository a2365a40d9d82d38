package io.quiver.coordinator;

import static java.util.Objects.requireNonNull;

import io.quiver.common.index.IndexSpec;
import java.util.Map;

/** A user-created index on a vector field; built per sealed segment by the write nodes. */
public record IndexInfo(
        long id,
        long collectionId,
        String fieldName,
        String indexName,
        IndexSpec spec,
        Map<String, String> params,
        long createdTs) {
    public IndexInfo {
        requireNonNull(fieldName, "fieldName");
        requireNonNull(indexName, "indexName");
        requireNonNull(spec, "spec");
        params = Map.copyOf(params);
    }
}
