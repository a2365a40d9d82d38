package io.quiver.proxy.internal;

import static io.quiver.proxy.internal.ProxyFixtures.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.LongColumn;
import io.quiver.common.data.StringColumn;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.coordinator.node.ShardQueryResult;
import io.quiver.proto.milvus.QueryResults;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryReducerTest {

    /** A shard's rows in key order, with "tag" = key * 10. */
    private static ShardQueryResult shard(long... keys) {
        long[] tags = new long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            tags[i] = keys[i] * 10;
        }
        return new ShardQueryResult(
                LongColumn.int64(keys),
                new ColumnBatch(keys.length, Map.of("tag", LongColumn.int64(tags))),
                keys.length);
    }

    private static QueryResults reduce(List<ShardQueryResult> shards, List<String> fields, long offset, long limit) {
        QueryResults.Builder results = QueryResults.newBuilder();
        QueryReducer.reduce(shards, SCHEMA, fields, offset, limit, results);
        return results.build();
    }

    private static List<Long> column(QueryResults results, int index) {
        return results.getFieldsData(index).getScalars().getLongData().getDataList();
    }

    @Test
    void mergesTheShardsInPrimaryKeyOrder() {
        QueryResults results = reduce(List.of(shard(2, 5, 9), shard(1, 3), shard(4, 10, 11)), List.of("tag"), 0, -1);

        assertThat(results.getOutputFieldsList()).containsExactly("id", "tag");
        assertThat(results.getFieldsData(0).getFieldName()).isEqualTo("id");
        assertThat(column(results, 0)).containsExactly(1L, 2L, 3L, 4L, 5L, 9L, 10L, 11L);
        assertThat(column(results, 1)).containsExactly(10L, 20L, 30L, 40L, 50L, 90L, 100L, 110L);
    }

    @Test
    void offsetAndLimitCutTheMergedRows() {
        List<ShardQueryResult> shards = List.of(shard(2, 5, 9), shard(1, 3), shard(4, 10, 11));

        assertThat(column(reduce(shards, List.of(), 2, 3), 0)).containsExactly(3L, 4L, 5L);
        assertThat(column(reduce(shards, List.of(), 0, 1), 0)).containsExactly(1L);
        assertThat(column(reduce(shards, List.of(), 6, 10), 0)).containsExactly(10L, 11L);
        assertThat(column(reduce(shards, List.of(), 5, -1), 0)).containsExactly(9L, 10L, 11L);
        assertThat(column(reduce(shards, List.of("tag"), 20, 5), 0)).isEmpty();
        assertThat(column(reduce(shards, List.of("tag"), 20, 5), 1)).isEmpty();
    }

    @Test
    void singleShardIsTakenAsItComes() {
        assertThat(column(reduce(List.of(shard(1, 2, 3)), List.of("tag"), 1, 1), 1))
                .containsExactly(20L);
    }

    @Test
    void varCharKeysAreOrderedAsStrings() {
        CollectionSchema named =
                new CollectionSchema("docs", "", List.of(ProxyFixtures.NAME, ProxyFixtures.TAG, ProxyFixtures.VEC));
        ShardQueryResult first =
                new ShardQueryResult(new StringColumn(new String[] {"apple", "pear"}), new ColumnBatch(2, Map.of()), 2);
        ShardQueryResult second = new ShardQueryResult(
                new StringColumn(new String[] {"Zebra", "banana"}), new ColumnBatch(2, Map.of()), 2);
        QueryResults.Builder results = QueryResults.newBuilder();

        QueryReducer.reduce(List.of(first, second), named, List.of(), 0, -1, results);

        assertThat(results.getFieldsData(0).getScalars().getStringData().getDataList())
                .containsExactly("Zebra", "apple", "banana", "pear");
    }
}
