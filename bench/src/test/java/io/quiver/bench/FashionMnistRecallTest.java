package io.quiver.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.index.request.CreateIndexReq;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.BaseVector;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.quiver.bench.dataset.GroundTruth;
import io.quiver.bench.dataset.IdxFiles;
import io.quiver.common.index.MetricType;
import io.quiver.server.e2e.QuiverStandalone;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recall@10 through the Milvus SDK on 10,000 real Fashion-MNIST vectors with an HNSW index, against exact
 * neighbours computed here by brute force.
 */
class FashionMnistRecallTest {
    static final int BASE = 10_000;
    static final int QUERIES = 200;
    static final int K = 10;

    @TempDir
    Path dataDirectory;

    @Test
    void hnswRecallAtTenIsAtLeast95Percent() throws Exception {
        Path data =
                Path.of(System.getProperty("quiver.data.dir", "../shared/data")).resolve("fashion-mnist-784");
        assertThat(data.resolve("train-images-idx3-ubyte.gz"))
                .as("benchmark data in ../shared/data")
                .exists();
        float[][] base = IdxFiles.images(data.resolve("train-images-idx3-ubyte.gz"), BASE);
        float[][] queries = IdxFiles.images(data.resolve("t10k-images-idx3-ubyte.gz"), QUERIES);
        int[][] truth = GroundTruth.exact(base, queries, K, MetricType.L2);

        try (QuiverStandalone quiver = new QuiverStandalone(dataDirectory).start()) {
            MilvusClientV2 client = quiver.client();
            VectorCollections.create(client, "fmnist", 784);
            VectorCollections.insert(client, "fmnist", base, 1000);
            client.flush(FlushReq.builder().collectionNames(List.of("fmnist")).build());
            client.createIndex(CreateIndexReq.builder()
                    .collectionName("fmnist")
                    .indexParams(List.of(IndexParam.builder()
                            .fieldName("vector")
                            .indexType(IndexParam.IndexType.HNSW)
                            .metricType(IndexParam.MetricType.L2)
                            .extraParams(Map.of("M", 16, "efConstruction", 200))
                            .build()))
                    .build());
            awaitIndexed(client);
            client.loadCollection(
                    LoadCollectionReq.builder().collectionName("fmnist").build());

            List<BaseVector> vectors = new ArrayList<>();
            for (float[] q : queries) {
                vectors.add(new FloatVec(q));
            }
            var results = client.search(SearchReq.builder()
                            .collectionName("fmnist")
                            .data(vectors)
                            .limit(K)
                            .searchParams(Map.of("ef", 64))
                            .consistencyLevel(ConsistencyLevel.STRONG)
                            .build())
                    .getSearchResults();
            long[][] found = new long[QUERIES][];
            for (int q = 0; q < QUERIES; q++) {
                found[q] =
                        results.get(q).stream().mapToLong(r -> (Long) r.getId()).toArray();
            }
            double recall = GroundTruth.recall(truth, found, K);
            System.out.printf("Fashion-MNIST %d base, %d queries: recall@10 = %.4f%n", BASE, QUERIES, recall);
            assertThat(recall).isGreaterThanOrEqualTo(0.95);
        }
    }

    private static void awaitIndexed(MilvusClientV2 client) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            var index = client.describeIndex(DescribeIndexReq.builder()
                            .collectionName("fmnist")
                            .fieldName("vector")
                            .build())
                    .getIndexDescriptions()
                    .getFirst();
            if (index.getTotalRows() == BASE && index.getIndexedRows() == BASE) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the index was not built within 120 s");
    }
}
