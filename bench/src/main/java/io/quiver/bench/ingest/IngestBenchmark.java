package io.quiver.bench.ingest;

import io.milvus.client.MilvusServiceClient;
import io.milvus.param.ConnectParam;
import io.milvus.param.R;
import io.milvus.param.dml.InsertParam;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.quiver.bench.VectorCollections;
import io.quiver.bench.ann.Machine;
import io.quiver.server.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bench ingest}: insert throughput through the official Milvus Java SDK for several batch sizes and
 * client thread counts, then freshness (insert acknowledged to visible at Strong). The server is a
 * standalone Quiver in its own JVM (or {@code --uri}). Inserts use the SDK's column form ({@code
 * InsertParam.Field} lists), the form it offers for bulk loads; the batches are built before the clock
 * starts, so what is timed is the SDK's encoding, the RPC and the server (acknowledged = durable in the
 * log). One run with the SDK's row form ({@code JsonObject} rows, the v2 client) is reported for contrast.
 */
public final class IngestBenchmark {
    private static final String COLLECTION = "ingest";

    private final float[][] rows;
    private final int[] batchSizes;
    private final int threads;
    private final int samples;
    private final Path out;
    private final String uri;
    private final String command;

    public IngestBenchmark(
            float[][] rows, int[] batchSizes, int threads, int samples, Path out, String uri, String command) {
        this.rows = rows;
        this.batchSizes = batchSizes.clone();
        this.threads = threads;
        this.samples = samples;
        this.out = out;
        this.uri = uri;
        this.command = command;
    }

    public void run() throws Exception {
        System.out.println(Machine.describe());
        if (uri != null) {
            measure(uri, "the server at " + uri);
            return;
        }
        Path work = Files.createTempDirectory("quiver-bench-ingest");
        try (ServerProcess server = ServerProcess.start(work.resolve("data"), work.resolve("server.log"), List.of())) {
            measure("http://127.0.0.1:" + server.port(), "`quiver standalone` in its own JVM, embedded storage");
            server.stop();
        }
    }

    private void measure(String target, String serverLine) throws Exception {
        List<IngestRun> runs = new ArrayList<>();
        String host = target.replaceFirst("^https?://", "").replaceFirst(":\\d+$", "");
        int port = Integer.parseInt(target.replaceFirst("^.*:", ""));
        MilvusServiceClient columns = new MilvusServiceClient(
                ConnectParam.newBuilder().withHost(host).withPort(port).build());
        MilvusClientV2 client =
                new MilvusClientV2(ConnectConfig.builder().uri(target).build());
        try {
            for (int batch : batchSizes) {
                List<InsertParam> requests = columnBatches(batch);
                for (int clientThreads : threads > 1 ? new int[] {1, threads} : new int[] {1}) {
                    runs.add(timed(
                            client,
                            batch,
                            clientThreads,
                            "columns",
                            () -> insertAll(columns, requests, clientThreads)));
                }
            }
            runs.add(timed(
                    client, 1_000, 1, "rows (v2)", () -> VectorCollections.insert(client, COLLECTION, rows, 1_000)));
            Freshness freshness = Freshness.measure(client, columns, COLLECTION, rows[0], samples);
            IngestReport report = new IngestReport(runs, freshness, rows.length, rows[0].length, serverLine, command);
            report.write(out);
            System.out.println(report.summary());
        } finally {
            columns.close();
            client.close();
        }
    }

    /** Inserts every row into a fresh collection with {@code insert}, timed from the first request to the last ack. */
    private IngestRun timed(MilvusClientV2 client, int batch, int clientThreads, String form, Insert insert)
            throws Exception {
        if (client.hasCollection(
                HasCollectionReq.builder().collectionName(COLLECTION).build())) {
            client.dropCollection(
                    DropCollectionReq.builder().collectionName(COLLECTION).build());
        }
        VectorCollections.create(client, COLLECTION, rows[0].length);
        long started = System.nanoTime();
        insert.run();
        double seconds = (System.nanoTime() - started) / 1e9;
        IngestRun run = new IngestRun(form, batch, clientThreads, rows.length, seconds, rows[0].length);
        System.out.println(run.line());
        return run;
    }

    @FunctionalInterface
    private interface Insert {
        void run() throws Exception;
    }

    private List<InsertParam> columnBatches(int batch) {
        List<InsertParam> requests = new ArrayList<>();
        for (int start = 0; start < rows.length; start += batch) {
            int end = Math.min(rows.length, start + batch);
            List<Long> ids = new ArrayList<>(end - start);
            List<List<Float>> vectors = new ArrayList<>(end - start);
            for (int i = start; i < end; i++) {
                ids.add((long) i);
                List<Float> vector = new ArrayList<>(rows[i].length);
                for (float value : rows[i]) {
                    vector.add(value);
                }
                vectors.add(vector);
            }
            requests.add(InsertParam.newBuilder()
                    .withCollectionName(COLLECTION)
                    .withFields(List.of(new InsertParam.Field("id", ids), new InsertParam.Field("vector", vectors)))
                    .build());
        }
        return requests;
    }

    private static void insertAll(MilvusServiceClient client, List<InsertParam> requests, int threads)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                        R<?> result = client.insert(requests.get(i));
                        if (result.getStatus() != R.Status.Success.getCode()) {
                            throw new IllegalStateException("insert failed: " + result.getMessage());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
