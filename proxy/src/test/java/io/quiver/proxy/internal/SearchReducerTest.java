package io.quiver.proxy.internal;

import static io.quiver.proxy.internal.ProxyFixtures.SCHEMA;
import static io.quiver.proxy.internal.ProxyFixtures.VEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.common.data.Column;
import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.LongColumn;
import io.quiver.common.data.StringColumn;
import io.quiver.common.index.MetricType;
import io.quiver.common.index.SearchParams;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.coordinator.node.ShardSearchResult;
import io.quiver.proto.milvus.SearchResultData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchReducerTest {

    /** Hits with keys {@code keys}, scores {@code scores} and a "tag" of key * 10. */
    private static ShardSearchResult.Hits hits(long[] keys, float[] scores) {
        long[] tags = new long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            tags[i] = keys[i] * 10;
        }
        return new ShardSearchResult.Hits(
                LongColumn.int64(keys), scores, new ColumnBatch(keys.length, Map.of("tag", LongColumn.int64(tags))));
    }

    private static ShardSearchResult shard(ShardSearchResult.Hits... perQuery) {
        return new ShardSearchResult(List.of(perQuery));
    }

    private static SearchInput input(int queries, int limit, int offset, MetricType metric, int roundDecimal) {
        return new SearchInput(
                VEC,
                Collections.nCopies(queries, new float[2]),
                limit,
                offset,
                metric,
                SearchParams.DEFAULT,
                roundDecimal);
    }

    @Test
    void mergesTheShardsBestFirstPerQuery() {
        List<ShardSearchResult> shards = List.of(
                shard(hits(new long[] {1, 4}, new float[] {0.1f, 0.9f}), hits(new long[] {1}, new float[] {5f})),
                shard(hits(new long[] {2, 5, 6}, new float[] {0.2f, 0.3f, 2f}), hits(new long[0], new float[0])),
                shard(hits(new long[] {3}, new float[] {0.25f}), hits(new long[] {3, 9}, new float[] {1f, 7f})));

        SearchResultData data = SearchReducer.reduce(shards, input(2, 4, 0, MetricType.L2, -1), SCHEMA, List.of("tag"));

        assertThat(data.getNumQueries()).isEqualTo(2);
        assertThat(data.getTopK()).isEqualTo(4);
        assertThat(data.getPrimaryFieldName()).isEqualTo("id");
        assertThat(data.getTopksList()).containsExactly(4L, 3L);
        assertThat(data.getIds().getIntId().getDataList()).containsExactly(1L, 2L, 3L, 5L, 3L, 1L, 9L);
        assertThat(data.getScoresList()).containsExactly(0.1f, 0.2f, 0.25f, 0.3f, 1f, 5f, 7f);
        assertThat(data.getOutputFieldsList()).containsExactly("tag");
        assertThat(data.getFieldsData(0).getFieldName()).isEqualTo("tag");
        assertThat(data.getFieldsData(0).getScalars().getLongData().getDataList())
                .containsExactly(10L, 20L, 30L, 50L, 30L, 10L, 90L);
    }

    @Test
    void higherIsBetterForInnerProduct() {
        List<ShardSearchResult> shards = List.of(
                shard(hits(new long[] {1, 2}, new float[] {0.9f, 0.1f})),
                shard(hits(new long[] {3, 4}, new float[] {0.95f, 0.5f})));

        SearchResultData data = SearchReducer.reduce(shards, input(1, 3, 0, MetricType.IP, -1), SCHEMA, List.of());

        assertThat(data.getIds().getIntId().getDataList()).containsExactly(3L, 1L, 4L);
        assertThat(data.getScoresList()).containsExactly(0.95f, 0.9f, 0.5f);
        assertThat(data.getFieldsDataCount()).isZero();
    }

    @Test
    void offsetSkipsTheBestHitsAndLimitCutsThePage() {
        List<ShardSearchResult> shards = List.of(
                shard(hits(new long[] {1, 3, 5, 7}, new float[] {1, 3, 5, 7})),
                shard(hits(new long[] {2, 4, 6, 8}, new float[] {2, 4, 6, 8})));

        SearchResultData page = SearchReducer.reduce(shards, input(1, 3, 2, MetricType.L2, -1), SCHEMA, List.of("tag"));
        SearchResultData beyond = SearchReducer.reduce(shards, input(1, 5, 6, MetricType.L2, -1), SCHEMA, List.of());

        assertThat(page.getIds().getIntId().getDataList()).containsExactly(3L, 4L, 5L);
        assertThat(page.getFieldsData(0).getScalars().getLongData().getDataList())
                .containsExactly(30L, 40L, 50L);
        assertThat(page.getTopksList()).containsExactly(3L);
        assertThat(beyond.getIds().getIntId().getDataList()).containsExactly(7L, 8L);
        assertThat(beyond.getTopksList()).containsExactly(2L);
    }

    @Test
    void roundDecimalRoundsScoresHalfUp() {
        List<ShardSearchResult> shards =
                List.of(shard(hits(new long[] {1, 2, 3}, new float[] {0.123456f, 0.125f, 2.71828f})));

        SearchResultData two = SearchReducer.reduce(shards, input(1, 3, 0, MetricType.L2, 2), SCHEMA, List.of());
        SearchResultData zero = SearchReducer.reduce(shards, input(1, 3, 0, MetricType.L2, 0), SCHEMA, List.of());
        SearchResultData none = SearchReducer.reduce(shards, input(1, 3, 0, MetricType.L2, -1), SCHEMA, List.of());

        assertThat(two.getScoresList()).containsExactly(0.12f, 0.13f, 2.72f);
        assertThat(zero.getScoresList()).containsExactly(0f, 0f, 3f);
        assertThat(none.getScoresList()).containsExactly(0.123456f, 0.125f, 2.71828f);
    }

    @Test
    void tiesKeepShardOrderAndEachShardsOwnOrder() {
        List<ShardSearchResult> shards = List.of(
                shard(hits(new long[] {10, 11}, new float[] {1, 1})),
                shard(hits(new long[] {20, 21}, new float[] {1, 1})),
                shard(hits(new long[] {30}, new float[] {0.5f})));

        SearchResultData data = SearchReducer.reduce(shards, input(1, 5, 0, MetricType.L2, -1), SCHEMA, List.of());

        assertThat(data.getIds().getIntId().getDataList()).containsExactly(30L, 10L, 11L, 20L, 21L);
    }

    @Test
    void varCharKeysAreReturnedAsStringIds() {
        CollectionSchema named = new CollectionSchema("docs", "", List.of(ProxyFixtures.NAME, ProxyFixtures.TAG, VEC));
        Column keys = new StringColumn(new String[] {"b", "a"});
        ShardSearchResult.Hits hits =
                new ShardSearchResult.Hits(keys, new float[] {1, 2}, new ColumnBatch(2, Map.of()));

        SearchResultData data =
                SearchReducer.reduce(List.of(shard(hits)), input(1, 2, 0, MetricType.L2, -1), named, new ArrayList<>());

        assertThat(data.getPrimaryFieldName()).isEqualTo("name");
        assertThat(data.getIds().getStrId().getDataList()).containsExactly("b", "a");
    }
}
