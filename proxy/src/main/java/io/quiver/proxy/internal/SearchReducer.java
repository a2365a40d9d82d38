package io.quiver.proxy.internal;

import io.quiver.common.data.Column;
import io.quiver.common.data.ColumnBuilder;
import io.quiver.common.data.MilvusFieldData;
import io.quiver.common.index.MetricType;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.FieldSchema;
import io.quiver.coordinator.node.ShardSearchResult;
import io.quiver.proto.milvus.SearchResultData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Merges the shards' top-k lists of every query into the final page (after offset, up to limit). */
final class SearchReducer {
    private SearchReducer() {}

    static SearchResultData reduce(
            List<ShardSearchResult> shards, SearchInput input, CollectionSchema schema, List<String> outputFields) {
        int nq = input.queries().size();
        FieldSchema pk = schema.primaryKey();
        ColumnBuilder ids = new ColumnBuilder(pk.dataType(), 0, nq * input.limit());
        Map<String, ColumnBuilder> fields = new LinkedHashMap<>();
        for (String name : outputFields) {
            FieldSchema field = schema.field(name);
            fields.put(name, new ColumnBuilder(field.dataType(), field.dimension(), nq * input.limit()));
        }
        SearchResultData.Builder data = SearchResultData.newBuilder()
                .setNumQueries(nq)
                .setTopK(input.limit())
                .addAllOutputFields(outputFields)
                .setPrimaryFieldName(pk.name());
        int[] cursor = new int[shards.size()];
        for (int q = 0; q < nq; q++) {
            java.util.Arrays.fill(cursor, 0);
            int taken = 0;
            for (int rank = 0; rank < input.offset() + input.limit(); rank++) {
                int best = bestShard(shards, q, cursor, input.metric());
                if (best < 0) {
                    break;
                }
                ShardSearchResult.Hits hits = shards.get(best).perQuery().get(q);
                int i = cursor[best]++;
                if (rank < input.offset()) {
                    continue;
                }
                ids.append(hits.primaryKeys(), i);
                data.addScores(round(hits.scores()[i], input.roundDecimal()));
                for (var entry : fields.entrySet()) {
                    entry.getValue().append(hits.fields().column(entry.getKey()), i);
                }
                taken++;
            }
            data.addTopks(taken);
        }
        Column idColumn = ids.build();
        data.setIds(MilvusFieldData.toIds(idColumn));
        for (var entry : fields.entrySet()) {
            data.addFieldsData(MilvusFieldData.toFieldData(entry.getValue().build(), schema.field(entry.getKey())));
        }
        return data.build();
    }

    private static int bestShard(List<ShardSearchResult> shards, int query, int[] cursor, MetricType metric) {
        int best = -1;
        float bestScore = 0;
        for (int s = 0; s < shards.size(); s++) {
            ShardSearchResult.Hits hits = shards.get(s).perQuery().get(query);
            if (cursor[s] < hits.size()) {
                float score = hits.scores()[cursor[s]];
                if (best < 0 || metric.isBetter(score, bestScore)) {
                    best = s;
                    bestScore = score;
                }
            }
        }
        return best;
    }

    private static float round(float score, int decimals) {
        if (decimals < 0) {
            return score;
        }
        double scale = Math.pow(10, decimals);
        return (float) (Math.round(score * scale) / scale);
    }
}
