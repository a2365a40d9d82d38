package io.quiver.proxy.internal;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.data.Column;
import io.quiver.common.data.ColumnBuilder;
import io.quiver.common.data.LongColumn;
import io.quiver.common.data.MilvusFieldData;
import io.quiver.common.expr.FilterParser;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.DataType;
import io.quiver.common.schema.FieldSchema;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.Coordinator;
import io.quiver.coordinator.node.ShardQueryRequest;
import io.quiver.coordinator.node.ShardQueryResult;
import io.quiver.coordinator.node.ShardSearchRequest;
import io.quiver.coordinator.node.ShardSearchResult;
import io.quiver.proto.milvus.QueryRequest;
import io.quiver.proto.milvus.QueryResults;
import io.quiver.proto.milvus.SearchRequest;
import io.quiver.proto.milvus.SearchResultData;
import io.quiver.proto.milvus.SearchResults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.IntFunction;

/** Search and query: consistency to timestamps, scatter to every shard, merge the shard results. */
public final class SearchHandler {
    static final int MAX_QUERY_WINDOW = 16_384;

    private final Coordinator coordinator;
    private final ExecutorService executor;
    private final Duration timeout;

    public SearchHandler(Coordinator coordinator, ExecutorService executor, Duration timeout) {
        this.coordinator = coordinator;
        this.executor = executor;
        this.timeout = timeout;
    }

    public SearchResults search(SearchRequest request) {
        CollectionInfo collection = loadedCollection(request.getDbName(), request.getCollectionName());
        CollectionSchema schema = collection.schema();
        SearchInput input =
                SearchInput.parse(request, schema, coordinator.catalog().indexes(collection.id()));
        FilterTemplates.rejectIfPresent(request.getExprTemplateValuesCount());
        if (!request.getDsl().isBlank()) {
            FilterParser.parse(request.getDsl(), schema);
        }
        List<String> outputFields = OutputFields.resolve(request.getOutputFieldsList(), schema);
        List<Long> partitions = partitionIds(collection, request.getPartitionNamesList());
        ReadTimestamps ts = ReadTimestamps.of(
                collection,
                request.getUseDefaultConsistency(),
                request.getConsistencyLevelValue(),
                request.getGuaranteeTimestamp(),
                request.getTravelTimestamp(),
                coordinator.timestampOracle());
        requestTickIfFresh(ts);
        List<ShardSearchResult> shards = scatter(collection, shard -> coordinator
                .queryNode(collection.id(), shard)
                .search(new ShardSearchRequest(
                        collection.id(),
                        shard,
                        partitions,
                        input.field().name(),
                        input.queries(),
                        input.limit() + input.offset(),
                        input.metric(),
                        input.params(),
                        request.getDsl(),
                        ts.guarantee(),
                        ts.snapshot(),
                        outputFields,
                        timeout)));
        SearchResultData data = SearchReducer.reduce(shards, input, schema, outputFields);
        return SearchResults.newBuilder()
                .setStatus(Statuses.OK)
                .setResults(data)
                .setCollectionName(collection.name())
                .setSessionTs(ts.snapshot())
                .build();
    }

    public QueryResults query(QueryRequest request) {
        CollectionInfo collection = loadedCollection(request.getDbName(), request.getCollectionName());
        CollectionSchema schema = collection.schema();
        RequestParams params = RequestParams.of(request.getQueryParamsList());
        boolean count =
                request.getOutputFieldsList().stream().anyMatch(f -> f.trim().equalsIgnoreCase(OutputFields.COUNT));
        List<String> requested = request.getOutputFieldsList().stream()
                .filter(f -> !f.trim().equalsIgnoreCase(OutputFields.COUNT))
                .toList();
        QuiverException.check(!count || requested.isEmpty(), "count(*) cannot be combined with other output fields");
        long limit = params.getLong("limit", -1);
        long offset = params.getLong("offset", 0);
        QuiverException.check(offset >= 0, "offset %d must not be negative", offset);
        if (!count) {
            QuiverException.check(
                    !request.getExpr().isBlank() || limit > 0, "a query without a filter expression needs a limit");
            QuiverException.check(
                    limit < 0 || (limit >= 1 && limit <= MAX_QUERY_WINDOW - offset),
                    "query limit %d plus offset %d must be between 1 and %d",
                    limit,
                    offset,
                    MAX_QUERY_WINDOW);
        }
        FilterTemplates.rejectIfPresent(request.getExprTemplateValuesCount());
        if (!request.getExpr().isBlank()) {
            FilterParser.parse(request.getExpr(), schema);
        }
        List<String> outputFields = new ArrayList<>(OutputFields.resolve(requested, schema));
        String pk = schema.primaryKey().name();
        outputFields.remove(pk);
        ReadTimestamps ts = ReadTimestamps.of(
                collection,
                request.getUseDefaultConsistency(),
                request.getConsistencyLevelValue(),
                request.getGuaranteeTimestamp(),
                request.getTravelTimestamp(),
                coordinator.timestampOracle());
        long window = limit < 0 ? -1 : limit + offset;
        List<ShardQueryResult> shards = runQuery(
                collection,
                request.getExpr(),
                partitionIds(collection, request.getPartitionNamesList()),
                outputFields,
                window,
                count,
                ts);
        QueryResults.Builder results = QueryResults.newBuilder()
                .setStatus(Statuses.OK)
                .setCollectionName(collection.name())
                .setPrimaryFieldName(pk)
                .setSessionTs(ts.snapshot());
        if (count) {
            long total = shards.stream().mapToLong(ShardQueryResult::count).sum();
            FieldSchema countField = new FieldSchema(0, "count", DataType.INT64, false, false, 0, 0, "");
            results.addFieldsData(
                    MilvusFieldData.toFieldData(LongColumn.int64(new long[] {total}), countField).toBuilder()
                            .setFieldName(OutputFields.COUNT));
            return results.addOutputFields(OutputFields.COUNT).build();
        }
        QueryReducer.reduce(shards, schema, outputFields, offset, limit, results);
        return results.build();
    }

    /** Primary keys of the rows matching a filter, read at a fresh timestamp (for delete by filter). */
    public Column matchingKeys(CollectionInfo collection, String filter, List<String> partitionNames) {
        requireLoaded(collection);
        long now = coordinator.timestampOracle().allocate();
        List<ShardQueryResult> shards = runQuery(
                collection,
                filter,
                partitionIds(collection, partitionNames),
                List.of(),
                -1,
                false,
                ReadTimestamps.strong(now));
        FieldSchema pk = collection.schema().primaryKey();
        ColumnBuilder keys = new ColumnBuilder(pk.dataType(), 0, 16);
        shards.forEach(shard -> keys.appendAll(shard.primaryKeys()));
        return keys.build();
    }

    /** The exact number of live rows at a fresh timestamp, loaded or not. */
    public long count(CollectionInfo collection) {
        long now = coordinator.timestampOracle().allocate();
        coordinator.requestTick();
        List<Long> counts = scatter(
                collection,
                shard -> coordinator.queryNode(collection.id(), shard).countRows(collection, shard, now, timeout));
        return counts.stream().mapToLong(Long::longValue).sum();
    }

    private void requestTickIfFresh(ReadTimestamps ts) {
        if (ts.fresh()) {
            coordinator.requestTick();
        }
    }

    private List<ShardQueryResult> runQuery(
            CollectionInfo collection,
            String filter,
            List<Long> partitions,
            List<String> outputFields,
            long window,
            boolean count,
            ReadTimestamps ts) {
        requestTickIfFresh(ts);
        return scatter(collection, shard -> coordinator
                .queryNode(collection.id(), shard)
                .query(new ShardQueryRequest(
                        collection.id(),
                        shard,
                        partitions,
                        filter,
                        outputFields,
                        window,
                        count,
                        ts.guarantee(),
                        ts.snapshot(),
                        timeout)));
    }

    private <T> List<T> scatter(CollectionInfo collection, IntFunction<T> call) {
        if (collection.shards() == 1) {
            return List.of(call.apply(0));
        }
        List<CompletableFuture<T>> futures = new ArrayList<>();
        for (int shard = 0; shard < collection.shards(); shard++) {
            int s = shard;
            futures.add(CompletableFuture.supplyAsync(() -> call.apply(s), executor));
        }
        try {
            return futures.stream().map(CompletableFuture::join).toList();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private CollectionInfo loadedCollection(String database, String name) {
        CollectionInfo collection = coordinator.catalog().collection(RequestParams.database(database), name);
        requireLoaded(collection);
        return collection;
    }

    private static void requireLoaded(CollectionInfo collection) {
        if (!collection.loaded()) {
            throw new QuiverException(
                    ErrorCode.COLLECTION_NOT_LOADED,
                    "collection '" + collection.name() + "' is not loaded; call load_collection first");
        }
    }

    private static List<Long> partitionIds(CollectionInfo collection, List<String> names) {
        return names.stream().map(name -> collection.partition(name).id()).toList();
    }
}
