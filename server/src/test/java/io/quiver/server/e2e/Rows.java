package io.quiver.server.e2e;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.index.request.CreateIndexReq;
import io.milvus.v2.service.vector.request.QueryReq;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded test rows for the {@code docs} schema used across the end-to-end tests. */
public final class Rows {
    public static final int DIM = 16;

    private Rows() {}

    public static float[] vector(Random random) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = random.nextFloat() * 2 - 1;
        }
        return v;
    }

    public static JsonObject row(long id, float[] vector, int label, String title) {
        JsonObject row = new JsonObject();
        row.addProperty("id", id);
        JsonArray array = new JsonArray();
        for (float f : vector) {
            array.add(f);
        }
        row.add("vector", array);
        row.addProperty("label", label);
        row.addProperty("title", title);
        return row;
    }

    /** Rows with ids {@code first .. first+count-1}; label is id mod 10; title is "doc-<id>". */
    public static List<JsonObject> rows(long first, int count, Random random, List<float[]> vectorsOut) {
        List<JsonObject> rows = new ArrayList<>();
        for (long id = first; id < first + count; id++) {
            float[] v = vector(random);
            vectorsOut.add(v);
            rows.add(row(id, v, (int) (id % 10), "doc-" + id));
        }
        return rows;
    }

    /** The {@code docs} schema of these tests: id (Int64 key), vector, label (Int32), title (VarChar). */
    public static CreateCollectionReq.CollectionSchema schema(MilvusClientV2 client, int titleMaxLength) {
        CreateCollectionReq.CollectionSchema schema = client.createSchema();
        schema.addField(AddFieldReq.builder()
                .fieldName("id")
                .dataType(DataType.Int64)
                .isPrimaryKey(true)
                .build());
        schema.addField(AddFieldReq.builder()
                .fieldName("vector")
                .dataType(DataType.FloatVector)
                .dimension(DIM)
                .build());
        schema.addField(AddFieldReq.builder()
                .fieldName("label")
                .dataType(DataType.Int32)
                .build());
        schema.addField(AddFieldReq.builder()
                .fieldName("title")
                .dataType(DataType.VarChar)
                .maxLength(titleMaxLength)
                .build());
        return schema;
    }

    /** Creates a collection with the {@code docs} schema. */
    public static void createCollection(MilvusClientV2 client, String name, int shards, int titleMaxLength) {
        client.createCollection(CreateCollectionReq.builder()
                .collectionName(name)
                .collectionSchema(schema(client, titleMaxLength))
                .numShards(shards)
                .build());
    }

    /** Indexes the vector field (HNSW, L2) and loads the collection. */
    public static void indexAndLoad(MilvusClientV2 client, String name) {
        client.createIndex(CreateIndexReq.builder()
                .collectionName(name)
                .indexParams(List.of(IndexParam.builder()
                        .fieldName("vector")
                        .indexType(IndexParam.IndexType.HNSW)
                        .metricType(IndexParam.MetricType.L2)
                        .build()))
                .build());
        client.loadCollection(LoadCollectionReq.builder().collectionName(name).build());
    }

    /** The number of rows matching {@code filter} ("" for all) in the given partitions, read at Strong. */
    public static long count(MilvusClientV2 client, String name, String filter, List<String> partitions) {
        return (Long) client.query(QueryReq.builder()
                        .collectionName(name)
                        .filter(filter)
                        .partitionNames(partitions)
                        .outputFields(List.of("count(*)"))
                        .consistencyLevel(ConsistencyLevel.STRONG)
                        .build())
                .getQueryResults()
                .getFirst()
                .getEntity()
                .get("count(*)");
    }

    public static long count(MilvusClientV2 client, String name) {
        return count(client, name, "", List.of());
    }
}
