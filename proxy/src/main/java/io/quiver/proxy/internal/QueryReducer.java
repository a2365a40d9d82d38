package io.quiver.proxy.internal;

import io.quiver.common.data.Column;
import io.quiver.common.data.ColumnBuilder;
import io.quiver.common.data.MilvusFieldData;
import io.quiver.common.data.PrimaryKeys;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.FieldSchema;
import io.quiver.coordinator.node.ShardQueryResult;
import io.quiver.proto.milvus.QueryResults;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Merges the shards' query rows in primary-key order and cuts the page (offset, limit). */
final class QueryReducer {
    private QueryReducer() {}

    static void reduce(
            List<ShardQueryResult> shards,
            CollectionSchema schema,
            List<String> outputFields,
            long offset,
            long limit,
            QueryResults.Builder results) {
        record Row(ShardQueryResult shard, int index, Object key) {}
        List<Row> rows = new ArrayList<>();
        for (ShardQueryResult shard : shards) {
            for (int i = 0; i < shard.primaryKeys().size(); i++) {
                rows.add(new Row(shard, i, PrimaryKeys.get(shard.primaryKeys(), i)));
            }
        }
        if (shards.size() > 1) {
            rows.sort((a, b) -> PrimaryKeys.compare(a.key(), b.key()));
        }
        int from = (int) Math.min(offset, rows.size());
        int to = limit < 0 ? rows.size() : (int) Math.min(rows.size(), offset + limit);
        FieldSchema pk = schema.primaryKey();
        ColumnBuilder keys = new ColumnBuilder(pk.dataType(), 0, to - from);
        Map<String, ColumnBuilder> fields = new LinkedHashMap<>();
        for (String name : outputFields) {
            FieldSchema field = schema.field(name);
            fields.put(name, new ColumnBuilder(field.dataType(), field.dimension(), to - from));
        }
        for (Row row : rows.subList(from, to)) {
            keys.append(row.shard().primaryKeys(), row.index());
            fields.forEach((name, builder) -> builder.append(row.shard().rows().column(name), row.index()));
        }
        Column keyColumn = keys.build();
        results.addFieldsData(MilvusFieldData.toFieldData(keyColumn, pk)).addOutputFields(pk.name());
        fields.forEach((name, builder) -> {
            results.addFieldsData(MilvusFieldData.toFieldData(builder.build(), schema.field(name)));
            results.addOutputFields(name);
        });
    }
}
