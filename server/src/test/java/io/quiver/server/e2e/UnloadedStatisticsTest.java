package io.quiver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.DataType;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.GetCollectionStatsReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Row counts are exact (each primary key once) even for a collection that is not loaded. */
class UnloadedStatisticsTest {
    @TempDir
    Path dataDirectory;

    @Test
    void statisticsCountEachKeyOnceWithoutLoading() {
        Random random = new Random(5);
        List<float[]> vectors = new ArrayList<>();
        try (QuiverStandalone quiver = new QuiverStandalone(dataDirectory).start()) {
            MilvusClientV2 client = quiver.client();
            CreateCollectionReq.CollectionSchema schema = client.createSchema();
            schema.addField(AddFieldReq.builder()
                    .fieldName("id")
                    .dataType(DataType.Int64)
                    .isPrimaryKey(true)
                    .build());
            schema.addField(AddFieldReq.builder()
                    .fieldName("vector")
                    .dataType(DataType.FloatVector)
                    .dimension(Rows.DIM)
                    .build());
            schema.addField(AddFieldReq.builder()
                    .fieldName("label")
                    .dataType(DataType.Int32)
                    .build());
            schema.addField(AddFieldReq.builder()
                    .fieldName("title")
                    .dataType(DataType.VarChar)
                    .maxLength(64)
                    .build());
            client.createCollection(CreateCollectionReq.builder()
                    .collectionName("cold")
                    .collectionSchema(schema)
                    .numShards(2)
                    .build());
            client.insert(InsertReq.builder()
                    .collectionName("cold")
                    .data(Rows.rows(0, 100, random, vectors))
                    .build());
            client.flush(FlushReq.builder().collectionNames(List.of("cold")).build());
            client.upsert(UpsertReq.builder()
                    .collectionName("cold")
                    .data(Rows.rows(90, 20, random, vectors))
                    .build());
            client.insert(InsertReq.builder()
                    .collectionName("cold")
                    .data(Rows.rows(0, 5, random, vectors))
                    .build());

            assertThat(client.getLoadState(
                            GetLoadStateReq.builder().collectionName("cold").build()))
                    .isFalse();
            assertThat(client.getCollectionStats(GetCollectionStatsReq.builder()
                                    .collectionName("cold")
                                    .build())
                            .getNumOfEntities())
                    .isEqualTo(110);
            assertThat(client.getLoadState(
                            GetLoadStateReq.builder().collectionName("cold").build()))
                    .isFalse();
        }
    }
}
