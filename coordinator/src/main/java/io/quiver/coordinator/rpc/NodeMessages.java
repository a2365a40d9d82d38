package io.quiver.coordinator.rpc;

import io.quiver.common.data.Column;
import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.data.MilvusFieldData;
import io.quiver.common.index.MetricType;
import io.quiver.common.index.SearchParams;
import io.quiver.common.schema.DataType;
import io.quiver.common.schema.FieldSchema;
import io.quiver.coordinator.NodeAddress;
import io.quiver.coordinator.node.ShardQueryRequest;
import io.quiver.coordinator.node.ShardQueryResult;
import io.quiver.coordinator.node.ShardSearchRequest;
import io.quiver.coordinator.node.ShardSearchResult;
import io.quiver.proto.cluster.Columns;
import io.quiver.proto.cluster.FloatVector;
import io.quiver.proto.cluster.NodeAddressMessage;
import io.quiver.proto.cluster.QueryRequest;
import io.quiver.proto.cluster.QueryResponse;
import io.quiver.proto.cluster.SearchHits;
import io.quiver.proto.cluster.SearchRequest;
import io.quiver.proto.cluster.SearchResponse;
import io.quiver.proto.milvus.FieldData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts the records of the coordinator's node interfaces to and from the messages of
 * {@code quiver/cluster.proto}. Columns travel as Milvus {@code FieldData} through {@link MilvusFieldData},
 * so a decoded column is validated like one a client sent.
 */
final class NodeMessages {
    /** Field name given to the codec's schema; the real column name travels in {@code field_name}. */
    private static final String CODEC_FIELD = "column";

    private NodeMessages() {}

    static SearchRequest toProto(ShardSearchRequest request) {
        SearchRequest.Builder builder = SearchRequest.newBuilder()
                .setCollectionId(request.collectionId())
                .setShard(request.shard())
                .addAllPartitionIds(request.partitionIds())
                .setVectorField(request.vectorField())
                .setTopK(request.topK())
                .setMetric(request.metric().name())
                .setEf(request.params().ef())
                .setFilter(request.filter())
                .setGuaranteeTs(request.guaranteeTs())
                .setSnapshotTs(request.snapshotTs())
                .addAllOutputFields(request.outputFields())
                .setTimeoutNanos(request.timeout().toNanos());
        for (float[] query : request.queries()) {
            FloatVector.Builder vector = FloatVector.newBuilder();
            for (float value : query) {
                vector.addValues(value);
            }
            builder.addQueries(vector);
        }
        return builder.build();
    }

    static ShardSearchRequest searchRequest(SearchRequest request) {
        List<float[]> queries = new ArrayList<>(request.getQueriesCount());
        for (FloatVector vector : request.getQueriesList()) {
            float[] query = new float[vector.getValuesCount()];
            for (int i = 0; i < query.length; i++) {
                query[i] = vector.getValues(i);
            }
            queries.add(query);
        }
        return new ShardSearchRequest(
                request.getCollectionId(),
                request.getShard(),
                request.getPartitionIdsList(),
                request.getVectorField(),
                queries,
                request.getTopK(),
                MetricType.parse(request.getMetric()),
                new SearchParams(request.getEf()),
                request.getFilter(),
                request.getGuaranteeTs(),
                request.getSnapshotTs(),
                request.getOutputFieldsList(),
                Duration.ofNanos(request.getTimeoutNanos()));
    }

    static SearchResponse toProto(ShardSearchResult result) {
        SearchResponse.Builder builder = SearchResponse.newBuilder();
        for (ShardSearchResult.Hits hits : result.perQuery()) {
            SearchHits.Builder proto = SearchHits.newBuilder()
                    .setPrimaryKeys(toFieldData("$pk", hits.primaryKeys()))
                    .setFields(toProto(hits.fields()));
            for (float score : hits.scores()) {
                proto.addScores(score);
            }
            builder.addPerQuery(proto);
        }
        return builder.build();
    }

    static ShardSearchResult searchResult(SearchResponse response) {
        List<ShardSearchResult.Hits> perQuery = new ArrayList<>(response.getPerQueryCount());
        for (SearchHits hits : response.getPerQueryList()) {
            float[] scores = new float[hits.getScoresCount()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = hits.getScores(i);
            }
            perQuery.add(
                    new ShardSearchResult.Hits(toColumn(hits.getPrimaryKeys()), scores, columnBatch(hits.getFields())));
        }
        return new ShardSearchResult(perQuery);
    }

    static QueryRequest toProto(ShardQueryRequest request) {
        return QueryRequest.newBuilder()
                .setCollectionId(request.collectionId())
                .setShard(request.shard())
                .addAllPartitionIds(request.partitionIds())
                .setFilter(request.filter())
                .addAllOutputFields(request.outputFields())
                .setLimit(request.limit())
                .setCountOnly(request.countOnly())
                .setGuaranteeTs(request.guaranteeTs())
                .setSnapshotTs(request.snapshotTs())
                .setTimeoutNanos(request.timeout().toNanos())
                .build();
    }

    static ShardQueryRequest queryRequest(QueryRequest request) {
        return new ShardQueryRequest(
                request.getCollectionId(),
                request.getShard(),
                request.getPartitionIdsList(),
                request.getFilter(),
                request.getOutputFieldsList(),
                request.getLimit(),
                request.getCountOnly(),
                request.getGuaranteeTs(),
                request.getSnapshotTs(),
                Duration.ofNanos(request.getTimeoutNanos()));
    }

    static QueryResponse toProto(ShardQueryResult result) {
        return QueryResponse.newBuilder()
                .setPrimaryKeys(toFieldData("$pk", result.primaryKeys()))
                .setRows(toProto(result.rows()))
                .setCount(result.count())
                .build();
    }

    static ShardQueryResult queryResult(QueryResponse response) {
        return new ShardQueryResult(
                toColumn(response.getPrimaryKeys()), columnBatch(response.getRows()), response.getCount());
    }

    static NodeAddressMessage toProto(NodeAddress address) {
        return NodeAddressMessage.newBuilder()
                .setNodeId(address.nodeId())
                .setHost(address.host())
                .setPort(address.port())
                .build();
    }

    static NodeAddress nodeAddress(NodeAddressMessage address) {
        return new NodeAddress(address.getNodeId(), address.getHost(), address.getPort());
    }

    static Columns toProto(ColumnBatch batch) {
        Columns.Builder builder = Columns.newBuilder().setRowCount(batch.rowCount());
        batch.columns().forEach((name, column) -> builder.addColumns(toFieldData(name, column)));
        return builder.build();
    }

    static ColumnBatch columnBatch(Columns columns) {
        Map<String, Column> decoded = new LinkedHashMap<>();
        for (FieldData data : columns.getColumnsList()) {
            decoded.put(data.getFieldName(), toColumn(data));
        }
        return new ColumnBatch(Math.toIntExact(columns.getRowCount()), decoded);
    }

    /** One column as FieldData named {@code name}. */
    static FieldData toFieldData(String name, Column column) {
        int dimension = column instanceof FloatVectorColumn vectors ? vectors.dimension() : 0;
        return MilvusFieldData.toFieldData(column, codecField(column.type(), dimension)).toBuilder()
                .setFieldName(name)
                .build();
    }

    /** The column a FieldData holds, of the type it names. */
    static Column toColumn(FieldData data) {
        DataType type = DataType.fromMilvusNumber(data.getTypeValue(), data.getFieldName());
        int dimension = type.isVector() ? Math.toIntExact(data.getVectors().getDim()) : 0;
        return MilvusFieldData.toColumn(data, codecField(type, dimension));
    }

    private static FieldSchema codecField(DataType type, int dimension) {
        int maxLength = type == DataType.VARCHAR ? FieldSchema.MAX_VARCHAR_LENGTH : 0;
        return new FieldSchema(0, CODEC_FIELD, type, false, false, dimension, maxLength, "");
    }
}
