package io.quiver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.quiver.server.ServerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every acknowledged write survives kill -9 of the server, flushed or not. */
class CrashRecoveryTest {
    static final long SEED = Long.getLong("quiver.test.seed", 99L);

    @TempDir
    Path directory;

    @Test
    @StandaloneOnly("kill -9 of a standalone child process and a restart on its data directory;"
            + " the cluster kills its nodes in its own crash tests")
    void acknowledgedWritesSurviveKillDashNine() throws Exception {
        System.out.println("CrashRecoveryTest seed=" + SEED);
        Random random = new Random(SEED);
        List<float[]> vectors = new ArrayList<>();
        Path data = directory.resolve("data");
        try (ServerProcess first = ServerProcess.start(data, directory.resolve("first.log"), List.of("-Xmx1g"))) {
            MilvusClientV2 client = QuiverStandalone.connect(first.port());
            Rows.createCollection(client, "crash", 2, 64);
            Rows.indexAndLoad(client, "crash");
            client.insert(InsertReq.builder()
                    .collectionName("crash")
                    .data(Rows.rows(0, 500, random, vectors))
                    .build());
            client.flush(FlushReq.builder().collectionNames(List.of("crash")).build());
            client.insert(InsertReq.builder()
                    .collectionName("crash")
                    .data(Rows.rows(500, 300, random, vectors))
                    .build());
            client.upsert(UpsertReq.builder()
                    .collectionName("crash")
                    .data(List.of(Rows.row(1, vectors.get(1), 77, "after-upsert")))
                    .build());
            client.delete(DeleteReq.builder()
                    .collectionName("crash")
                    .filter("id >= 790")
                    .build());
            client.close();
            first.kill();
        }
        try (ServerProcess second = ServerProcess.start(data, directory.resolve("second.log"), List.of("-Xmx1g"))) {
            MilvusClientV2 client = QuiverStandalone.connect(second.port());
            awaitLoaded(client);
            assertThat(Rows.count(client, "crash")).isEqualTo(790L);
            var upserted = client.query(QueryReq.builder()
                    .collectionName("crash")
                    .filter("id == 1")
                    .outputFields(List.of("title", "label"))
                    .consistencyLevel(ConsistencyLevel.STRONG)
                    .build());
            assertThat(upserted.getQueryResults().getFirst().getEntity())
                    .containsEntry("title", "after-upsert")
                    .containsEntry("label", 77);
            var hits = client.search(SearchReq.builder()
                            .collectionName("crash")
                            .data(List.of(new FloatVec(vectors.get(650))))
                            .limit(1)
                            .consistencyLevel(ConsistencyLevel.STRONG)
                            .build())
                    .getSearchResults()
                    .getFirst();
            assertThat(hits.getFirst().getId()).isEqualTo(650L);
            client.close();
        }
    }

    private static void awaitLoaded(MilvusClientV2 client) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!client.getLoadState(
                GetLoadStateReq.builder().collectionName("crash").build())) {
            assertThat(System.nanoTime()).as("reloaded within 60 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
