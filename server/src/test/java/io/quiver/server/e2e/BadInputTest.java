package io.quiver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets a clear error naming the field and value, and changes nothing. */
class BadInputTest {
    static final String NAME = "strict";
    static final long SEED = Long.getLong("quiver.test.seed", 7L);

    @TempDir
    static Path dataDirectory;

    static QuiverStandalone quiver;
    static MilvusClientV2 client;

    @BeforeAll
    static void start() {
        System.out.println("BadInputTest seed=" + SEED);
        quiver = new QuiverStandalone(dataDirectory).start();
        client = quiver.client();
        Rows.createCollection(client, NAME, 1, 8);
        client.loadCollection(LoadCollectionReq.builder().collectionName(NAME).build());
        client.insert(InsertReq.builder()
                .collectionName(NAME)
                .data(Rows.rows(0, 10, new Random(SEED), new java.util.ArrayList<>()).stream()
                        .peek(r -> r.addProperty("title", "t"))
                        .toList())
                .build());
    }

    @AfterAll
    static void stop() {
        quiver.close();
    }

    static long count() {
        return Rows.count(client, NAME);
    }

    static JsonObject good(long id) {
        JsonObject row = Rows.row(id, Rows.vector(new Random(id)), 1, "ok");
        return row;
    }

    static void insertFails(List<JsonObject> rows, String... messageParts) {
        long before = count();
        assertThatThrownBy(() -> client.insert(
                        InsertReq.builder().collectionName(NAME).data(rows).build()))
                .satisfies(e -> {
                    for (String part : messageParts) {
                        assertThat(e.getMessage()).contains(part);
                    }
                });
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void wrongDimensionIsRejected() {
        JsonObject row = good(100);
        JsonArray shortVector = new JsonArray();
        for (int i = 0; i < Rows.DIM - 1; i++) {
            shortVector.add(0.5f);
        }
        row.add("vector", shortVector);
        insertFails(List.of(good(101), row), "vector");
    }

    @Test
    void duplicateKeysInOneBatchAreRejected() {
        insertFails(List.of(good(104), good(105), good(104)), "104", "appears twice");
    }

    @Test
    void malformedFilterNamesThePosition() {
        assertThatThrownBy(() -> client.query(QueryReq.builder()
                        .collectionName(NAME)
                        .filter("label >> 3")
                        .outputFields(List.of("count(*)"))
                        .build()))
                .hasMessageContaining("position");
        assertThatThrownBy(() -> client.query(QueryReq.builder()
                        .collectionName(NAME)
                        .filter("lable == 3")
                        .outputFields(List.of("count(*)"))
                        .build()))
                .hasMessageContaining("lable");
        assertThatThrownBy(() -> client.query(QueryReq.builder()
                        .collectionName(NAME)
                        .filter("title > 3")
                        .outputFields(List.of("count(*)"))
                        .build()))
                .hasMessageContaining("title");
    }

    @Test
    void searchWithWrongDimensionOrNanIsRejected() {
        assertThatThrownBy(() -> client.search(SearchReq.builder()
                        .collectionName(NAME)
                        .data(List.of(new FloatVec(new float[3])))
                        .limit(3)
                        .build()))
                .hasMessageContaining("dimension");
        float[] nan = new float[Rows.DIM];
        nan[2] = Float.NaN;
        assertThatThrownBy(() -> client.search(SearchReq.builder()
                        .collectionName(NAME)
                        .data(List.of(new FloatVec(nan)))
                        .limit(3)
                        .build()))
                .hasMessageContaining("NaN");
    }

    @Test
    void filterTemplatesAreRejectedClearly() {
        assertThatThrownBy(() -> client.query(QueryReq.builder()
                        .collectionName(NAME)
                        .filter("id in {ids}")
                        .filterTemplateValues(java.util.Map.of("ids", List.of(1L, 2L)))
                        .outputFields(List.of("count(*)"))
                        .build()))
                .hasMessageContaining("filter templates");
    }

    @Test
    void unknownCollectionIsNamed() {
        assertThatThrownBy(() -> client.insert(InsertReq.builder()
                        .collectionName("ghost")
                        .data(List.of(good(1)))
                        .build()))
                .hasMessageContaining("ghost");
    }

    @Test
    void theServerStillWorksAfterEveryRejection() {
        client.insert(InsertReq.builder()
                .collectionName(NAME)
                .data(List.of(good(200)))
                .build());
        assertThat(count()).isEqualTo(11);
    }
}
