package io.quiver.bench.ann.systems;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import io.quiver.bench.VectorCollections;
import io.quiver.bench.ann.AnnSystem;
import io.quiver.bench.ann.BuildReport;
import io.quiver.bench.ann.Dataset;
import io.quiver.bench.ann.Selection;
import io.quiver.server.StandaloneConfig;
import io.quiver.server.StandaloneServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Quiver as its users see it: a standalone server started in this JVM on a loopback port with embedded
 * storage, loaded and searched through the official Milvus Java SDK (v2 client, one query per request,
 * the collection's default Bounded consistency). The collection has one shard, the fields {@code id}
 * (Int64 primary key), {@code vector} and the dataset's integer scalars, and an HNSW index with the
 * sweep's M and efConstruction; {@code ef} is passed as the search parameter.
 *
 * <p>Load time is insert (batches of 1,000 rows) + flush + LoadCollection; build time is from CreateIndex
 * until every row is indexed. Memory is the heap the server retains after a full GC, measured against the
 * heap before it started, plus the growth of direct and mapped buffers.
 */
public final class QuiverServer implements AnnSystem {
    static final String COLLECTION = "bench";
    private static final int INSERT_BATCH = 1_000;

    private StandaloneServer server;
    private MilvusClientV2 client;
    private Path dataDirectory;

    @Override
    public String name() {
        return "quiver-server";
    }

    @Override
    public BuildReport build(Dataset data, int m, int beamWidth) throws Exception {
        HeapMeter.Baseline memory = HeapMeter.baseline();
        dataDirectory = Files.createTempDirectory("quiver-bench-server");
        server = new StandaloneServer(StandaloneConfig.defaults(dataDirectory)
                        .withHost("127.0.0.1")
                        .withPort(0))
                .start();
        client = new MilvusClientV2(
                ConnectConfig.builder().uri("http://127.0.0.1:" + server.port()).build());
        createCollection(data);
        long loadStarted = System.nanoTime();
        VectorCollections.insert(client, COLLECTION, data.base(), data.scalars(), INSERT_BATCH);
        client.flush(FlushReq.builder().collectionNames(List.of(COLLECTION)).build());
        double insertSeconds = seconds(loadStarted);
        long buildStarted = System.nanoTime();
        buildIndex(data, m, beamWidth);
        double buildSeconds = seconds(buildStarted);
        long loadCollectionStarted = System.nanoTime();
        client.loadCollection(
                LoadCollectionReq.builder().collectionName(COLLECTION).build());
        double loadSeconds = insertSeconds + seconds(loadCollectionStarted);
        return memory.report(loadSeconds, buildSeconds);
    }

    /**
     * The floor under any SDK call: the rate of GetVersion, a call that does no work in the server, over the
     * connection the searches use, from {@code threads} client threads sharing it.
     */
    public double emptyCallsPerSecond(int calls, int threads) throws InterruptedException {
        Runnable loop = () -> {
            for (int i = 0; i < calls / threads; i++) {
                client.getServerVersion();
            }
        };
        loop.run();
        long started = System.nanoTime();
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            running.add(Thread.ofPlatform().start(loop));
        }
        for (Thread thread : running) {
            thread.join();
        }
        return (calls / threads) * threads / ((System.nanoTime() - started) / 1e9);
    }

    /** The running server, for {@link QuiverEngine} to search the same loaded segments in-process. */
    StandaloneServer server() {
        return server;
    }

    @Override
    public long[] search(float[] query, int k, int ef, Selection selection) {
        SearchReq.SearchReqBuilder request = SearchReq.builder()
                .collectionName(COLLECTION)
                .data(List.of(new FloatVec(query)))
                .limit(k)
                .searchParams(Map.of("ef", ef));
        if (selection != null) {
            request.filter(selection.expression());
        }
        List<SearchResp.SearchResult> hits =
                client.search(request.build()).getSearchResults().getFirst();
        long[] ids = new long[hits.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (Long) hits.get(i).getId();
        }
        return ids;
    }

    private void createCollection(Dataset data) {
        CreateCollectionReq.CollectionSchema schema = client.createSchema();
        schema.addField(AddFieldReq.builder()
                .fieldName("id")
                .dataType(DataType.Int64)
                .isPrimaryKey(true)
                .build());
        schema.addField(AddFieldReq.builder()
                .fieldName("vector")
                .dataType(DataType.FloatVector)
                .dimension(data.dimension())
                .build());
        for (String scalar : new TreeMap<>(data.scalars()).keySet()) {
            schema.addField(AddFieldReq.builder()
                    .fieldName(scalar)
                    .dataType(DataType.Int64)
                    .build());
        }
        client.createCollection(CreateCollectionReq.builder()
                .collectionName(COLLECTION)
                .collectionSchema(schema)
                .numShards(1)
                .build());
    }

    private void buildIndex(Dataset data, int m, int beamWidth) throws InterruptedException {
        VectorCollections.createHnswIndex(
                client, COLLECTION, IndexParam.MetricType.valueOf(data.metric().name()), m, beamWidth);
        while (client.describeIndex(DescribeIndexReq.builder()
                                .collectionName(COLLECTION)
                                .fieldName("vector")
                                .build())
                        .getIndexDescriptions()
                        .getFirst()
                        .getIndexedRows()
                < data.base().length) {
            Thread.sleep(50);
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    @Override
    public void close() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        if (dataDirectory != null) {
            TempFiles.deleteTree(dataDirectory);
        }
    }
}
