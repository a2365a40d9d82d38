package io.quiver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Growing rows are handed off to sealed segments while the collection serves reads: counts never
 * double or drop, no key is returned twice, and writes after the handoff supersede the sealed rows.
 */
class LiveHandoffTest {
    static final long SEED = Long.getLong("quiver.test.seed", 4242L);

    @TempDir
    Path dataDirectory;

    @Test
    void readsStayExactWhileSegmentsAreSealed() throws Exception {
        System.out.println("LiveHandoffTest seed=" + SEED);
        Random random = new Random(SEED);
        List<float[]> vectors = new ArrayList<>();
        try (QuiverStandalone quiver = new QuiverStandalone(dataDirectory).start()) {
            MilvusClientV2 client = quiver.client();
            Rows.createCollection(client, "live", 2, 64);
            Rows.indexAndLoad(client, "live");

            for (int batch = 0; batch < 5; batch++) {
                client.insert(InsertReq.builder()
                        .collectionName("live")
                        .data(Rows.rows(batch * 200L, 200, random, vectors))
                        .build());
            }
            assertThat(count(client)).isEqualTo(1000);

            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentLinkedQueue<Long> seen = new ConcurrentLinkedQueue<>();
            Thread reader = new Thread(() -> {
                while (!stop.get()) {
                    seen.add(count(client));
                }
            });
            reader.start();
            client.flush(FlushReq.builder().collectionNames(List.of("live")).build());
            Thread.sleep(1_000);
            stop.set(true);
            reader.join();
            assertThat(seen).isNotEmpty().containsOnly(1000L);

            client.upsert(UpsertReq.builder()
                    .collectionName("live")
                    .data(List.of(
                            Rows.row(3, vectors.get(3), 99, "changed"), Rows.row(404, vectors.get(404), 99, "changed")))
                    .build());
            client.delete(DeleteReq.builder()
                    .collectionName("live")
                    .filter("id in [5, 505, 999]")
                    .build());
            client.insert(InsertReq.builder()
                    .collectionName("live")
                    .data(Rows.rows(1000, 100, random, vectors))
                    .build());
            assertThat(count(client)).isEqualTo(1097);
            client.flush(FlushReq.builder().collectionNames(List.of("live")).build());
            Thread.sleep(500);
            assertThat(count(client)).isEqualTo(1097);
            assertThat(client.query(QueryReq.builder()
                                    .collectionName("live")
                                    .filter("label == 99")
                                    .outputFields(List.of("title"))
                                    .consistencyLevel(ConsistencyLevel.STRONG)
                                    .build())
                            .getQueryResults())
                    .extracting(r -> r.getEntity().get("id"))
                    .containsExactly(3L, 404L);

            var hits = client.search(SearchReq.builder()
                            .collectionName("live")
                            .data(List.of(new FloatVec(vectors.get(404))))
                            .limit(200)
                            .consistencyLevel(ConsistencyLevel.STRONG)
                            .build())
                    .getSearchResults()
                    .getFirst();
            Set<Object> ids = new HashSet<>();
            hits.forEach(h -> assertThat(ids.add(h.getId()))
                    .as("id %s returned twice", h.getId())
                    .isTrue());
            assertThat(ids).doesNotContain(5L, 505L, 999L).contains(404L);
            assertThat(hits.getFirst().getId()).isEqualTo(404L);
            var newest = client.search(SearchReq.builder()
                            .collectionName("live")
                            .data(List.of(new FloatVec(vectors.get(1050))))
                            .limit(1)
                            .consistencyLevel(ConsistencyLevel.STRONG)
                            .build())
                    .getSearchResults()
                    .getFirst();
            assertThat(newest.getFirst().getId()).isEqualTo(1050L);
        }
    }

    private static long count(MilvusClientV2 client) {
        return Rows.count(client, "live");
    }
}
