package io.quiver.bench;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.collection.request.ReleaseCollectionReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.quiver.bench.dataset.IdxFiles;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.data.LongColumn;
import io.quiver.common.data.MilvusFieldData;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.FieldSchema;
import io.quiver.common.schema.MilvusSchemas;
import io.quiver.proto.milvus.CreateCollectionRequest;
import io.quiver.proto.milvus.InsertRequest;
import io.quiver.proto.milvus.MilvusServiceGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code quiver bench cluster}: against a running cluster (e.g. {@code scripts/local-cluster.sh up}),
 * measures ingest through two proxies (784-d Fashion-MNIST rows, batches of 1,000, one client thread
 * per proxy, pre-encoded requests so the client's row conversion is not counted), freshness (a row
 * acknowledged by one proxy, then read at Strong through the other, until it is seen), and the time a
 * query node needs to serve a collection it did not hold (release, then load: sealed segments from S3
 * and the log tail since the last flush).
 */
final class ClusterBaseline {
    private static final String COLLECTION = "bench_cluster";
    private static final int DIMENSION = 784;
    private static final int BATCH = 1_000;
    private static final int SHARDS = 4;

    private final List<String> uris;
    private final Path data;
    private final int rows;
    private final int freshnessSamples;
    private final Path out;
    private final StringBuilder report = new StringBuilder();

    ClusterBaseline(List<String> uris, Path data, int rows, int freshnessSamples, Path out) {
        this.uris = List.copyOf(uris);
        this.data = data;
        this.rows = rows;
        this.freshnessSamples = freshnessSamples;
        this.out = out;
    }

    void run() throws Exception {
        float[][] base = IdxFiles.images(data.resolve("train-images-idx3-ubyte.gz"), -1);
        line("# Cluster baseline: " + String.format(Locale.ROOT, "%,d", rows) + " rows");
        line("");
        line("Command: `bin/quiver bench cluster --rows " + rows + "` against `scripts/local-cluster.sh up` "
                + "(1 coordinator, 2 proxies, 2 write nodes, 2 query nodes, etcd, Pulsar standalone and S3Proxy, "
                + "all on this machine: " + Runtime.getRuntime().availableProcessors() + " cores). Proxies: " + uris
                + ". Rows beyond 60,000 repeat Fashion-MNIST vectors under new ids.");
        line("");
        MilvusClientV2 first = connect(uris.get(0));
        MilvusClientV2 second = connect(uris.get(uris.size() > 1 ? 1 : 0));
        try {
            if (first.hasCollection(
                    HasCollectionReq.builder().collectionName(COLLECTION).build())) {
                first.dropCollection(
                        DropCollectionReq.builder().collectionName(COLLECTION).build());
            }
            ingest(base);
            indexAndLoad(first);
            freshness(first, second);
            recovery(first);
            first.dropCollection(
                    DropCollectionReq.builder().collectionName(COLLECTION).build());
        } finally {
            first.close();
            second.close();
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println("report written to " + out);
    }

    /** One thread per proxy, each sending every other batch, pre-encoded. */
    private void ingest(float[][] base) throws Exception {
        FieldSchema id = new FieldSchema(100, "id", io.quiver.common.schema.DataType.INT64, true, false, 0, 0, "");
        FieldSchema vector = new FieldSchema(
                101, "vector", io.quiver.common.schema.DataType.FLOAT_VECTOR, false, false, DIMENSION, 0, "");
        List<ManagedChannel> channels = uris.stream()
                .map(uri -> uri.replaceFirst("^https?://", ""))
                .map(target -> (ManagedChannel) ManagedChannelBuilder.forTarget(target)
                        .usePlaintext()
                        .maxInboundMessageSize(64 << 20)
                        .build())
                .toList();
        try {
            var schema = MilvusSchemas.toProto(new CollectionSchema(COLLECTION, "", List.of(id, vector)), false);
            MilvusServiceGrpc.newBlockingStub(channels.getFirst())
                    .createCollection(CreateCollectionRequest.newBuilder()
                            .setCollectionName(COLLECTION)
                            .setSchema(schema.toByteString())
                            .setShardsNum(SHARDS)
                            .build());
            List<List<InsertRequest>> perProxy = new ArrayList<>();
            channels.forEach(c -> perProxy.add(new ArrayList<>()));
            for (int start = 0, batch = 0; start < rows; start += BATCH, batch++) {
                int n = Math.min(BATCH, rows - start);
                long[] ids = new long[n];
                float[] vectors = new float[n * DIMENSION];
                for (int i = 0; i < n; i++) {
                    ids[i] = start + i;
                    System.arraycopy(base[(start + i) % base.length], 0, vectors, i * DIMENSION, DIMENSION);
                }
                perProxy.get(batch % channels.size())
                        .add(InsertRequest.newBuilder()
                                .setCollectionName(COLLECTION)
                                .setNumRows(n)
                                .addFieldsData(MilvusFieldData.toFieldData(LongColumn.int64(ids), id))
                                .addFieldsData(
                                        MilvusFieldData.toFieldData(new FloatVectorColumn(DIMENSION, vectors), vector))
                                .build());
            }
            ExecutorService clients = Executors.newFixedThreadPool(channels.size());
            long started = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < channels.size(); p++) {
                var stub = MilvusServiceGrpc.newBlockingStub(channels.get(p));
                List<InsertRequest> requests = perProxy.get(p);
                done.add(clients.submit(() -> {
                    for (InsertRequest request : requests) {
                        var result = stub.insert(request);
                        if (result.getStatus().getCode() != 0) {
                            throw new IllegalStateException(result.getStatus().getReason());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            double elapsed = seconds(started);
            clients.shutdown();
            line(String.format(
                    Locale.ROOT,
                    "- **Ingest** through %d proxies (one client thread each, batches of %,d, %d-d, pre-encoded): "
                            + "%,d rows in %.1f s = **%,.0f rows/s**.",
                    channels.size(),
                    BATCH,
                    DIMENSION,
                    rows,
                    elapsed,
                    rows / elapsed));
        } finally {
            for (ManagedChannel channel : channels) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private void indexAndLoad(MilvusClientV2 client) {
        long started = System.nanoTime();
        VectorCollections.createHnswIndex(client, COLLECTION, IndexParam.MetricType.L2, 16, 100);
        client.loadCollection(
                LoadCollectionReq.builder().collectionName(COLLECTION).build());
        awaitLoaded(client);
        line(String.format(Locale.ROOT, "- Index created and collection loaded in %.1f s.", seconds(started)));
    }

    /** Insert one row through the first proxy, then read it at Strong through the second until seen. */
    private void freshness(MilvusClientV2 writer, MilvusClientV2 reader) {
        long[] samples = new long[freshnessSamples];
        float[] vector = new float[DIMENSION];
        for (int s = 0; s < freshnessSamples; s++) {
            long id = rows + s;
            com.google.gson.JsonObject row = new com.google.gson.JsonObject();
            row.addProperty("id", id);
            com.google.gson.JsonArray array = new com.google.gson.JsonArray(DIMENSION);
            for (float f : vector) {
                array.add(f);
            }
            row.add("vector", array);
            writer.insert(io.milvus.v2.service.vector.request.InsertReq.builder()
                    .collectionName(COLLECTION)
                    .data(List.of(row))
                    .build());
            long acknowledged = System.nanoTime();
            VectorCollections.awaitStrongVisible(reader, COLLECTION, id);
            samples[s] = System.nanoTime() - acknowledged;
        }
        Arrays.sort(samples);
        line(String.format(
                Locale.ROOT,
                "- **Freshness** (insert acknowledged by proxy 1 → visible in a Strong read through proxy 2, %d"
                        + " samples): p50 %.1f ms, p99 %.1f ms, max %.1f ms.",
                freshnessSamples,
                samples[freshnessSamples / 2] / 1e6,
                samples[(int) Math.floor(freshnessSamples * 0.99)] / 1e6,
                samples[freshnessSamples - 1] / 1e6));
    }

    /** Flush most rows, leave a tail in the log, then release and load again. */
    private void recovery(MilvusClientV2 client) {
        long flushStarted = System.nanoTime();
        client.flush(FlushReq.builder().collectionNames(List.of(COLLECTION)).build());
        double flush = seconds(flushStarted);
        long expected = rows + freshnessSamples;
        client.releaseCollection(
                ReleaseCollectionReq.builder().collectionName(COLLECTION).build());
        long started = System.nanoTime();
        client.loadCollection(
                LoadCollectionReq.builder().collectionName(COLLECTION).build());
        awaitLoaded(client);
        double loaded = seconds(started);
        long count = (Long) client.query(QueryReq.builder()
                        .collectionName(COLLECTION)
                        .filter("")
                        .outputFields(List.of("count(*)"))
                        .consistencyLevel(ConsistencyLevel.STRONG)
                        .build())
                .getQueryResults()
                .getFirst()
                .getEntity()
                .get("count(*)");
        double serving = seconds(started);
        if (count != expected) {
            throw new IllegalStateException("after reloading, count(*) is " + count + ", not " + expected);
        }
        line(String.format(
                Locale.ROOT,
                "- **Query node recovery** of %,d rows (release, then load: sealed segments, with the index files built by then, from S3, then the log tail): loaded after %.1f s, first Strong count (exact: %,d) after %.1f s. Flush before it"
                        + " took %.1f s. A node that dies is detected when its session expires (ttl, default"
                        + " 10 s), so a killed node's shards serve again after about ttl + this time.",
                expected,
                loaded,
                count,
                serving,
                flush));
    }

    private static void awaitLoaded(MilvusClientV2 client) {
        while (!client.getLoadState(
                GetLoadStateReq.builder().collectionName(COLLECTION).build())) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static MilvusClientV2 connect(String uri) {
        return new MilvusClientV2(ConnectConfig.builder()
                .uri(uri)
                .connectTimeoutMs(10_000)
                .rpcDeadlineMs(600_000)
                .build());
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private void line(String text) {
        System.out.println(text);
        report.append(text).append('\n');
    }
}
