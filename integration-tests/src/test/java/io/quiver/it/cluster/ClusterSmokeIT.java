package io.quiver.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import io.quiver.server.e2e.Rows;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cluster of separate processes (1 coordinator, 2 proxies, 2 write nodes, 2 query nodes) on real
 * etcd, Pulsar and S3Proxy, driven through both proxies with the official Milvus Java SDK.
 */
class ClusterSmokeIT {
    private static QuiverCluster cluster;
    private static MilvusClientV2 first;
    private static MilvusClientV2 second;

    @BeforeAll
    static void startCluster() {
        cluster = QuiverCluster.start(1, 2, 2, 2);
        first = connect(cluster.proxyUri(0));
        second = connect(cluster.proxyUri(1));
    }

    @AfterAll
    static void stopCluster() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    static MilvusClientV2 connect(String uri) {
        return new MilvusClientV2(
                ConnectConfig.builder().uri(uri).connectTimeoutMs(10_000).build());
    }

    @Test
    void rowsWrittenThroughOneProxyAreSearchableAndCountedExactlyThroughTheOther() {
        long seed = System.nanoTime();
        System.out.println("ClusterSmokeIT seed " + seed);
        Random random = new Random(seed);
        Rows.createCollection(first, "smoke", 4, 64);
        Rows.indexAndLoad(second, "smoke");
        List<float[]> vectors = new ArrayList<>();
        List<JsonObject> rows = Rows.rows(0, 2_000, random, vectors);
        for (int from = 0; from < rows.size(); from += 500) {
            first.insert(InsertReq.builder()
                    .collectionName("smoke")
                    .data(rows.subList(from, from + 500))
                    .build());
        }

        assertThat(Rows.count(second, "smoke")).isEqualTo(2_000);
        SearchResp hits = second.search(SearchReq.builder()
                .collectionName("smoke")
                .data(List.of(new FloatVec(vectors.get(1_234))))
                .topK(3)
                .consistencyLevel(ConsistencyLevel.STRONG)
                .build());
        assertThat(hits.getSearchResults().getFirst().getFirst().getId()).isEqualTo(1_234L);

        first.flush(FlushReq.builder().collectionNames(List.of("smoke")).build());
        assertThat(Rows.count(first, "smoke")).isEqualTo(2_000);
        assertThat(Rows.count(second, "smoke", "label == 3", List.of())).isEqualTo(200);
    }
}
