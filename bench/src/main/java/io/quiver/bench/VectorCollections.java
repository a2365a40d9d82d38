package io.quiver.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.index.request.CreateIndexReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A collection of (id Int64 primary key, vector FloatVector) loaded through the SDK, as users do. */
public final class VectorCollections {
    private VectorCollections() {}

    public static void create(MilvusClientV2 client, String name, int dimension) {
        CreateCollectionReq.CollectionSchema schema = client.createSchema();
        schema.addField(AddFieldReq.builder()
                .fieldName("id")
                .dataType(DataType.Int64)
                .isPrimaryKey(true)
                .build());
        schema.addField(AddFieldReq.builder()
                .fieldName("vector")
                .dataType(DataType.FloatVector)
                .dimension(dimension)
                .build());
        client.createCollection(CreateCollectionReq.builder()
                .collectionName(name)
                .collectionSchema(schema)
                .build());
    }

    /** Starts building an HNSW index on {@code vector} (CreateIndex returns before the build finishes). */
    public static void createHnswIndex(
            MilvusClientV2 client, String name, IndexParam.MetricType metric, int m, int efConstruction) {
        client.createIndex(CreateIndexReq.builder()
                .collectionName(name)
                .indexParams(List.of(IndexParam.builder()
                        .fieldName("vector")
                        .indexType(IndexParam.IndexType.HNSW)
                        .metricType(metric)
                        .extraParams(Map.of("M", m, "efConstruction", efConstruction))
                        .build()))
                .build());
    }

    /** Inserts every vector, with its index as id, in SDK row form, {@code batch} rows per request. */
    public static void insert(MilvusClientV2 client, String name, float[][] vectors, int batch) {
        insert(client, name, vectors, Map.of(), batch);
    }

    /** As {@link #insert(MilvusClientV2, String, float[][], int)}, with integer scalar fields by name. */
    public static void insert(
            MilvusClientV2 client, String name, float[][] vectors, Map<String, int[]> scalars, int batch) {
        for (int start = 0; start < vectors.length; start += batch) {
            List<JsonObject> rows = new ArrayList<>(batch);
            for (int i = start; i < Math.min(vectors.length, start + batch); i++) {
                JsonObject row = new JsonObject();
                row.addProperty("id", i);
                JsonArray vector = new JsonArray(vectors[i].length);
                for (float f : vectors[i]) {
                    vector.add(f);
                }
                row.add("vector", vector);
                for (Map.Entry<String, int[]> scalar : scalars.entrySet()) {
                    row.addProperty(scalar.getKey(), scalar.getValue()[i]);
                }
                rows.add(row);
            }
            client.insert(InsertReq.builder().collectionName(name).data(rows).build());
        }
    }

    /**
     * Queries {@code id == key} at Strong consistency until the row is returned. A Strong read must return an
     * acknowledged row the first time; if it does not, the loop makes the miss show up as time.
     */
    public static void awaitStrongVisible(MilvusClientV2 client, String collection, long id) {
        QueryReq query = QueryReq.builder()
                .collectionName(collection)
                .filter("id == " + id)
                .outputFields(List.of("id"))
                .consistencyLevel(ConsistencyLevel.STRONG)
                .build();
        while (client.query(query).getQueryResults().isEmpty()) {
            Thread.onSpinWait();
        }
    }
}
