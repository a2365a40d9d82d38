package io.quiver.proxy.internal;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.index.IndexSpec;
import io.quiver.common.index.IndexType;
import io.quiver.common.index.MetricType;
import io.quiver.common.schema.FieldSchema;
import io.quiver.coordinator.Catalog;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.Coordinator;
import io.quiver.coordinator.IndexInfo;
import io.quiver.coordinator.SegmentInfo;
import io.quiver.proto.milvus.CreateIndexRequest;
import io.quiver.proto.milvus.DescribeIndexRequest;
import io.quiver.proto.milvus.DescribeIndexResponse;
import io.quiver.proto.milvus.DropIndexRequest;
import io.quiver.proto.milvus.IndexDescription;
import io.quiver.proto.milvus.IndexState;
import io.quiver.proto.milvus.KeyValuePair;
import io.quiver.proto.milvus.Status;
import java.util.List;

/**
 * Vector indexes: FLAT and HNSW (AUTOINDEX means HNSW) with metric L2, IP or COSINE. Indexes are built
 * per sealed segment by the write nodes; DescribeIndex reports how many sealed rows are indexed.
 */
public final class IndexHandler {
    private final Coordinator coordinator;

    public IndexHandler(Coordinator coordinator) {
        this.coordinator = coordinator;
    }

    private Catalog catalog() {
        return coordinator.catalog();
    }

    public Status createIndex(CreateIndexRequest request) {
        String database = RequestParams.database(request.getDbName());
        CollectionInfo collection = catalog().collection(database, request.getCollectionName());
        FieldSchema field = collection.schema().field(request.getFieldName());
        QuiverException.check(
                field.dataType().isVector(),
                "field '%s' is %s; only vector fields can be indexed",
                field.name(),
                field.dataType());
        RequestParams params = RequestParams.of(request.getExtraParamsList());
        IndexType type = IndexType.parse(params.get("index_type").orElse("AUTOINDEX"));
        MetricType metric = MetricType.parse(params.get("metric_type").orElse("COSINE"));
        int m = params.getInt("M", IndexSpec.DEFAULT_M, 2, 2048);
        int efConstruction = params.getInt("efConstruction", IndexSpec.DEFAULT_EF_CONSTRUCTION, 1, 65_535);
        IndexSpec spec = new IndexSpec(type, metric, field.dimension(), m, efConstruction);
        catalog().createIndex(database, collection.name(), field.name(), request.getIndexName(), spec, params.asMap());
        return Statuses.OK;
    }

    public DescribeIndexResponse describeIndex(DescribeIndexRequest request) {
        CollectionInfo collection =
                catalog().collection(RequestParams.database(request.getDbName()), request.getCollectionName());
        List<IndexInfo> indexes = catalog().indexes(collection.id()).stream()
                .filter(i -> request.getIndexName().isEmpty() || i.indexName().equals(request.getIndexName()))
                .filter(i -> request.getFieldName().isEmpty() || i.fieldName().equals(request.getFieldName()))
                .toList();
        if (indexes.isEmpty()) {
            throw new QuiverException(
                    ErrorCode.INDEX_NOT_FOUND,
                    "collection '" + collection.name()
                            + "' has no index"
                            + (request.getIndexName().isEmpty() ? "" : " named '" + request.getIndexName() + "'"));
        }
        List<SegmentInfo> segments = catalog().segments(collection.id());
        var response = DescribeIndexResponse.newBuilder().setStatus(Statuses.OK);
        for (IndexInfo index : indexes) {
            long total = segments.stream().mapToLong(SegmentInfo::rowCount).sum();
            long indexed = segments.stream()
                    .filter(s -> s.indexFiles().containsKey(index.id()))
                    .mapToLong(SegmentInfo::rowCount)
                    .sum();
            var description = IndexDescription.newBuilder()
                    .setIndexName(index.indexName())
                    .setIndexID(index.id())
                    .setFieldName(index.fieldName())
                    .setIndexedRows(indexed)
                    .setTotalRows(total)
                    .setPendingIndexRows(total - indexed)
                    .setState(indexed == total ? IndexState.Finished : IndexState.InProgress)
                    .addParams(pair("index_type", index.spec().type().name()))
                    .addParams(pair("metric_type", index.spec().metric().name()));
            if (index.spec().type() == IndexType.HNSW) {
                description
                        .addParams(pair("M", Integer.toString(index.spec().m())))
                        .addParams(pair(
                                "efConstruction", Integer.toString(index.spec().efConstruction())));
            }
            response.addIndexDescriptions(description);
        }
        return response.build();
    }

    public Status dropIndex(DropIndexRequest request) {
        String database = RequestParams.database(request.getDbName());
        CollectionInfo collection = catalog().collection(database, request.getCollectionName());
        String name = request.getIndexName();
        if (name.isEmpty() && !request.getFieldName().isEmpty()) {
            name = catalog().indexes(collection.id()).stream()
                    .filter(i -> i.fieldName().equals(request.getFieldName()))
                    .map(IndexInfo::indexName)
                    .findFirst()
                    .orElse("");
        }
        catalog().dropIndex(database, collection.name(), name);
        return Statuses.OK;
    }

    private static KeyValuePair pair(String key, String value) {
        return KeyValuePair.newBuilder().setKey(key).setValue(value).build();
    }
}
