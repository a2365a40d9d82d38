package io.quiver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvus.v2.client.MilvusClientV2;
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
            Rows.createCollection(client, "cold", 2, 64);
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
