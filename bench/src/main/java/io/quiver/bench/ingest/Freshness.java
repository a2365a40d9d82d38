package io.quiver.bench.ingest;

import io.milvus.client.MilvusServiceClient;
import io.milvus.param.R;
import io.milvus.param.dml.InsertParam;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.quiver.bench.VectorCollections;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Insert acknowledged to visible: into the loaded, indexed collection, one row at a time, then queries for
 * its id at Strong consistency until it is returned; the time from the insert's acknowledgement to the
 * first query that returns it. Milvus' Strong guarantees the first query already sees it, so this is the
 * latency of that query (including its wait for the shard to apply the write).
 *
 * @param millis every sample, sorted
 */
record Freshness(double[] millis) {
    static Freshness measure(
            MilvusClientV2 client, MilvusServiceClient columns, String collection, float[] vector, int samples) {
        VectorCollections.createHnswIndex(client, collection, IndexParam.MetricType.L2, 16, 100);
        client.loadCollection(
                LoadCollectionReq.builder().collectionName(collection).build());
        List<Float> boxed = new ArrayList<>(vector.length);
        for (float value : vector) {
            boxed.add(value);
        }
        double[] millis = new double[samples];
        for (int s = 0; s < samples; s++) {
            long id = 1_000_000_000L + s;
            R<?> inserted = columns.insert(InsertParam.newBuilder()
                    .withCollectionName(collection)
                    .withFields(List.of(
                            new InsertParam.Field("id", List.of(id)), new InsertParam.Field("vector", List.of(boxed))))
                    .build());
            if (inserted.getStatus() != R.Status.Success.getCode()) {
                throw new IllegalStateException("insert failed: " + inserted.getMessage());
            }
            long acknowledged = System.nanoTime();
            VectorCollections.awaitStrongVisible(client, collection, id);
            millis[s] = (System.nanoTime() - acknowledged) / 1e6;
        }
        Arrays.sort(millis);
        return new Freshness(millis);
    }

    double percentile(double p) {
        return millis[Math.min(millis.length - 1, (int) Math.floor(p * millis.length))];
    }

    double max() {
        return millis[millis.length - 1];
    }
}
