package io.quiver.proxy.internal;

import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.DataType;
import io.quiver.common.schema.FieldSchema;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.ConsistencyLevel;
import io.quiver.coordinator.PartitionInfo;
import java.util.List;
import java.util.Map;

/** Collections for proxy tests: "docs" (Int64 key "id", Int64 "tag", 2-d "vec") and variants. */
final class ProxyFixtures {
    static final FieldSchema ID = new FieldSchema(100, "id", DataType.INT64, true, false, 0, 0, "");
    static final FieldSchema AUTO_ID = new FieldSchema(100, "id", DataType.INT64, true, true, 0, 0, "");
    static final FieldSchema NAME = new FieldSchema(100, "name", DataType.VARCHAR, true, false, 0, 16, "");
    static final FieldSchema TAG = new FieldSchema(101, "tag", DataType.INT64, false, false, 0, 0, "");
    static final FieldSchema VEC = new FieldSchema(102, "vec", DataType.FLOAT_VECTOR, false, false, 2, 0, "");
    static final CollectionSchema SCHEMA = new CollectionSchema("docs", "", List.of(ID, TAG, VEC));

    private ProxyFixtures() {}

    static CollectionInfo collection(CollectionSchema schema, ConsistencyLevel level) {
        return new CollectionInfo(
                7,
                "default",
                schema,
                List.of("c7-s0", "c7-s1"),
                level,
                1,
                List.of(new PartitionInfo(70, PartitionInfo.DEFAULT_NAME, 1)),
                Map.of(),
                false,
                true);
    }

    static CollectionInfo collection(FieldSchema primaryKey) {
        return collection(new CollectionSchema("docs", "", List.of(primaryKey, TAG, VEC)), ConsistencyLevel.BOUNDED);
    }
}
