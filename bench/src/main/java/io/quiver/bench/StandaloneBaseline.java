package io.quiver.bench;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.quiver.bench.dataset.GroundTruth;
import io.quiver.bench.dataset.IdxFiles;
import io.quiver.bench.dataset.VecsFiles;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.data.LongColumn;
import io.quiver.common.data.MilvusFieldData;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.FieldSchema;
import io.quiver.common.schema.MilvusSchemas;
import io.quiver.proto.milvus.CreateCollectionRequest;
import io.quiver.proto.milvus.DropCollectionRequest;
import io.quiver.proto.milvus.InsertRequest;
import io.quiver.proto.milvus.MilvusServiceGrpc;
import io.quiver.server.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The standalone baseline: Fashion-MNIST 60k through the official Java SDK against a server in its own
 * JVM. Measures insert rows/s (batches of 1,000), index build, load, search QPS/latency/recall@10 per
 * ef (one client thread, nq = 1), restart-to-serving time with the data on disk, and the server's
 * peak heap (from its GC log).
 */
final class StandaloneBaseline {
    private static final String COLLECTION = "fmnist";
    private static final int K = 10;

    private final Path data;
    private final int queryCount;
    private final int[] efs;
    private final Path out;
    private final StringBuilder report = new StringBuilder();

    StandaloneBaseline(Path data, int queryCount, int[] efs, Path out) {
        this.data = data;
        this.queryCount = queryCount;
        this.efs = efs;
        this.out = out;
    }

    void run() throws Exception {
        float[][] base = IdxFiles.images(data.resolve("train-images-idx3-ubyte.gz"), -1);
        float[][] queries = IdxFiles.images(data.resolve("t10k-images-idx3-ubyte.gz"), queryCount);
        int[][] truth = firstK(VecsFiles.ivecs(data.resolve("fashion-mnist-784_groundtruth_top100.ivecs"), queryCount));
        Path work = Files.createTempDirectory("quiver-bench");
        Path serverData = work.resolve("data");
        line("# Standalone baseline (Fashion-MNIST 60k, 784-d, L2)");
        line("");
        line("Produced by `bin/quiver bench standalone` on " + machine() + ".");
        line("Server: `quiver standalone` in its own JVM (" + Runtime.version() + "); client: the official Milvus "
                + "Java SDK 2.6.22 in the benchmark JVM, one thread, over loopback gRPC.");
        line("");
        List<String> jvm = new ArrayList<>(List.of("-Xlog:gc:file=" + work.resolve("gc-first.log")));
        String profile = System.getenv("QUIVER_BENCH_SERVER_JVM_OPTS");
        if (profile != null && !profile.isBlank()) {
            jvm.addAll(Arrays.asList(profile.trim().split("\\s+")));
        }
        try (ServerProcess server = ServerProcess.start(serverData, work.resolve("first.log"), jvm)) {
            MilvusClientV2 client = connect(server.port());
            VectorCollections.create(client, COLLECTION, 784);
            ingest(client, base);
            ingestPreEncoded(server.port(), base);
            buildIndexAndLoad(client, base.length);
            line("");
            line("| ef (consistency: Bounded, the default, unless named) | recall@10 | QPS | p50 ms | p99 ms |");
            line("|---|---|---|---|---|");
            for (int ef : efs) {
                search(client, queries, truth, ef, null);
            }
            search(client, queries, truth, 64, ConsistencyLevel.STRONG);
            client.close();
            server.stop();
        }
        List<String> jvm2 = List.of("-Xlog:gc:file=" + work.resolve("gc-second.log"));
        long started = System.nanoTime();
        try (ServerProcess server = ServerProcess.start(serverData, work.resolve("second.log"), jvm2)) {
            double listening = seconds(started);
            MilvusClientV2 client = connect(server.port());
            while (!client.getLoadState(
                    GetLoadStateReq.builder().collectionName(COLLECTION).build())) {
                Thread.sleep(20);
            }
            client.search(SearchReq.builder()
                    .collectionName(COLLECTION)
                    .data(List.of(new FloatVec(queries[0])))
                    .limit(K)
                    .consistencyLevel(ConsistencyLevel.STRONG)
                    .build());
            double serving = seconds(started);
            line("");
            line(String.format(
                    Locale.ROOT,
                    "Restart with 60,000 rows on disk: listening after %.2f s, loaded and "
                            + "answering a Strong search after %.2f s (both from process start, JVM start included).",
                    listening,
                    serving));
            client.close();
            server.stop();
        }
        line("");
        line(String.format(
                Locale.ROOT,
                "Peak server heap (largest heap occupancy before a GC, from -Xlog:gc): "
                        + "%d MiB during ingest/index/search, %d MiB during restart and load.",
                GcLog.peakHeapMegabytes(work.resolve("gc-first.log")),
                GcLog.peakHeapMegabytes(work.resolve("gc-second.log"))));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println("\nwrote " + out);
    }

    private static MilvusClientV2 connect(int port) {
        return new MilvusClientV2(
                ConnectConfig.builder().uri("http://127.0.0.1:" + port).build());
    }

    private void ingest(MilvusClientV2 client, float[][] base) {
        long started = System.nanoTime();
        VectorCollections.insert(client, COLLECTION, base, 1000);
        double insertSeconds = seconds(started);
        long flushStarted = System.nanoTime();
        client.flush(FlushReq.builder().collectionNames(List.of(COLLECTION)).build());
        line(String.format(
                Locale.ROOT,
                "Insert: %,d rows in batches of 1,000 in %.2f s = **%,.0f rows/s** "
                        + "(acknowledged = durable in the log); flush to Arrow binlogs %.2f s.",
                base.length,
                insertSeconds,
                base.length / insertSeconds,
                seconds(flushStarted)));
    }

    /**
     * The server's own ingest rate: the same rows as pre-encoded InsertRequests over a plain gRPC stub,
     * into a second collection, so the SDK's row-to-protobuf conversion is not counted.
     */
    private void ingestPreEncoded(int port, float[][] base) throws InterruptedException {
        FieldSchema id = new FieldSchema(100, "id", io.quiver.common.schema.DataType.INT64, true, false, 0, 0, "");
        FieldSchema vector =
                new FieldSchema(101, "vector", io.quiver.common.schema.DataType.FLOAT_VECTOR, false, false, 784, 0, "");
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port)
                .usePlaintext()
                .build();
        try {
            var stub = MilvusServiceGrpc.newBlockingStub(channel);
            var schema =
                    MilvusSchemas.toProto(new CollectionSchema(COLLECTION + "_raw", "", List.of(id, vector)), false);
            stub.createCollection(CreateCollectionRequest.newBuilder()
                    .setCollectionName(COLLECTION + "_raw")
                    .setSchema(schema.toByteString())
                    .build());
            List<InsertRequest> requests = new ArrayList<>();
            for (int start = 0; start < base.length; start += 1000) {
                int n = Math.min(1000, base.length - start);
                long[] ids = new long[n];
                float[] vectors = new float[n * 784];
                for (int i = 0; i < n; i++) {
                    ids[i] = start + i;
                    System.arraycopy(base[start + i], 0, vectors, i * 784, 784);
                }
                requests.add(InsertRequest.newBuilder()
                        .setCollectionName(COLLECTION + "_raw")
                        .setNumRows(n)
                        .addFieldsData(MilvusFieldData.toFieldData(LongColumn.int64(ids), id))
                        .addFieldsData(MilvusFieldData.toFieldData(new FloatVectorColumn(784, vectors), vector))
                        .build());
            }
            long started = System.nanoTime();
            for (InsertRequest request : requests) {
                var result = stub.insert(request);
                if (result.getStatus().getCode() != 0) {
                    throw new IllegalStateException(result.getStatus().getReason());
                }
            }
            double elapsed = seconds(started);
            line(String.format(
                    Locale.ROOT,
                    "Server ingest capacity (the same rows as pre-encoded InsertRequests over "
                            + "plain gRPC, one client thread): %,.0f rows/s.",
                    base.length / elapsed));
            stub.dropCollection(DropCollectionRequest.newBuilder()
                    .setCollectionName(COLLECTION + "_raw")
                    .build());
        } finally {
            channel.shutdownNow().awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private void buildIndexAndLoad(MilvusClientV2 client, int rows) throws InterruptedException {
        long started = System.nanoTime();
        VectorCollections.createHnswIndex(client, COLLECTION, IndexParam.MetricType.L2, 16, 100);
        while (true) {
            var index = client.describeIndex(DescribeIndexReq.builder()
                            .collectionName(COLLECTION)
                            .fieldName("vector")
                            .build())
                    .getIndexDescriptions()
                    .getFirst();
            if (index.getIndexedRows() == rows) {
                break;
            }
            Thread.sleep(50);
        }
        double build = seconds(started);
        long loadStarted = System.nanoTime();
        client.loadCollection(
                LoadCollectionReq.builder().collectionName(COLLECTION).build());
        line(String.format(
                Locale.ROOT,
                "HNSW index (M 16, efConstruction 100) built in %.2f s; load %.2f s.",
                build,
                seconds(loadStarted)));
    }

    /** One ef setting, one query per request; at the collection's default (Bounded) or the given level. */
    private void search(MilvusClientV2 client, float[][] queries, int[][] truth, int ef, ConsistencyLevel level) {
        Map<String, Object> params = Map.of("ef", ef);
        for (int i = 0; i < Math.min(1000, queries.length); i++) {
            client.search(SearchReq.builder()
                    .collectionName(COLLECTION)
                    .data(List.of(new FloatVec(queries[i])))
                    .limit(K)
                    .searchParams(params)
                    .consistencyLevel(level)
                    .build());
        }
        long[][] found = new long[queries.length][];
        long[] latencies = new long[queries.length];
        long started = System.nanoTime();
        for (int q = 0; q < queries.length; q++) {
            long t0 = System.nanoTime();
            var hits = client.search(SearchReq.builder()
                            .collectionName(COLLECTION)
                            .data(List.of(new FloatVec(queries[q])))
                            .limit(K)
                            .searchParams(params)
                            .consistencyLevel(level)
                            .build())
                    .getSearchResults()
                    .getFirst();
            latencies[q] = System.nanoTime() - t0;
            found[q] = hits.stream().mapToLong(h -> (Long) h.getId()).toArray();
        }
        double elapsed = seconds(started);
        Arrays.sort(latencies);
        line(String.format(
                Locale.ROOT,
                "| %s | %.4f | %,.0f | %.2f | %.2f |",
                level == null ? Integer.toString(ef) : ef + " (" + level + ")",
                GroundTruth.recall(truth, found, K),
                queries.length / elapsed,
                latencies[latencies.length / 2] / 1e6,
                latencies[(int) (latencies.length * 0.99)] / 1e6));
    }

    private static int[][] firstK(int[][] truth) {
        int[][] out = new int[truth.length][];
        for (int i = 0; i < truth.length; i++) {
            out[i] = Arrays.copyOf(truth[i], K);
        }
        return out;
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB max heap for the client JVM";
    }

    private void line(String text) {
        System.out.println(text);
        report.append(text).append('\n');
    }
}
