package io.quiver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.collection.request.ReleaseCollectionReq;
import io.milvus.v2.service.partition.request.CreatePartitionReq;
import io.milvus.v2.service.partition.request.DropPartitionReq;
import io.milvus.v2.service.partition.request.HasPartitionReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK's quick-setup collection (dynamic field on, AUTOINDEX, COSINE, loaded) and partitions. */
class QuickSetupTest {
    @TempDir
    Path dataDirectory;

    static JsonObject row(long id, float[] vector) {
        JsonObject row = new JsonObject();
        row.addProperty("id", id);
        JsonArray array = new JsonArray();
        for (float f : vector) {
            array.add(f);
        }
        row.add("vector", array);
        return row;
    }

    @Test
    void quickSetupCollectionWorksWithStrictRows() {
        Random random = new Random(3);
        try (QuiverStandalone quiver = new QuiverStandalone(dataDirectory).start()) {
            MilvusClientV2 client = quiver.client();
            client.createCollection(CreateCollectionReq.builder()
                    .collectionName("quick")
                    .dimension(8)
                    .build());
            assertThat(client.getLoadState(
                            GetLoadStateReq.builder().collectionName("quick").build()))
                    .isTrue();
            List<JsonObject> rows = new ArrayList<>();
            List<float[]> vectors = new ArrayList<>();
            for (long id = 0; id < 50; id++) {
                float[] v = Rows.vector(random);
                v = java.util.Arrays.copyOf(v, 8);
                vectors.add(v);
                rows.add(row(id, v));
            }
            client.insert(InsertReq.builder().collectionName("quick").data(rows).build());
            var hits = client.search(SearchReq.builder()
                            .collectionName("quick")
                            .data(List.of(new FloatVec(vectors.get(7))))
                            .limit(3)
                            .consistencyLevel(ConsistencyLevel.STRONG)
                            .build())
                    .getSearchResults()
                    .getFirst();
            assertThat(hits.getFirst().getId()).isEqualTo(7L);
            assertThat(hits.getFirst().getScore()).isGreaterThan(0.999f);

            JsonObject dynamic = row(100, vectors.get(0));
            dynamic.addProperty("color", "red");
            assertThatThrownBy(() -> client.insert(InsertReq.builder()
                            .collectionName("quick")
                            .data(List.of(dynamic))
                            .build()))
                    .hasMessageContaining("color");
        }
    }

    @Test
    void partitionsScopeWritesAndReads() {
        Random random = new Random(4);
        try (QuiverStandalone quiver = new QuiverStandalone(dataDirectory).start()) {
            MilvusClientV2 client = quiver.client();
            Rows.createCollection(client, "parts", 2, 64);
            client.createPartition(CreatePartitionReq.builder()
                    .collectionName("parts")
                    .partitionName("archive")
                    .build());
            client.loadCollection(
                    LoadCollectionReq.builder().collectionName("parts").build());
            List<float[]> vectors = new ArrayList<>();
            client.insert(InsertReq.builder()
                    .collectionName("parts")
                    .data(Rows.rows(0, 30, random, vectors))
                    .build());
            client.insert(InsertReq.builder()
                    .collectionName("parts")
                    .partitionName("archive")
                    .data(Rows.rows(30, 20, random, vectors))
                    .build());
            assertThat(count(client, List.of())).isEqualTo(50);
            assertThat(count(client, List.of("archive"))).isEqualTo(20);
            assertThat(count(client, List.of("_default"))).isEqualTo(30);
            var hits = client.search(SearchReq.builder()
                            .collectionName("parts")
                            .partitionNames(List.of("archive"))
                            .data(List.of(new FloatVec(vectors.get(3))))
                            .limit(50)
                            .consistencyLevel(ConsistencyLevel.STRONG)
                            .build())
                    .getSearchResults()
                    .getFirst();
            assertThat(hits).hasSize(20).allSatisfy(h -> assertThat((Long) h.getId())
                    .isGreaterThanOrEqualTo(30L));

            assertThatThrownBy(() -> client.dropPartition(DropPartitionReq.builder()
                            .collectionName("parts")
                            .partitionName("archive")
                            .build()))
                    .hasMessageContaining("release");
            client.releaseCollection(
                    ReleaseCollectionReq.builder().collectionName("parts").build());
            client.dropPartition(DropPartitionReq.builder()
                    .collectionName("parts")
                    .partitionName("archive")
                    .build());
            assertThat(client.hasPartition(HasPartitionReq.builder()
                            .collectionName("parts")
                            .partitionName("archive")
                            .build()))
                    .isFalse();
            assertThatThrownBy(() -> client.insert(InsertReq.builder()
                            .collectionName("parts")
                            .partitionName("archive")
                            .data(Rows.rows(60, 1, random, vectors))
                            .build()))
                    .hasMessageContaining("archive");
        }
    }

    static long count(MilvusClientV2 client, List<String> partitions) {
        return Rows.count(client, "parts", "", partitions);
    }
}
