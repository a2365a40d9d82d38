package io.quiver.coordinator.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.data.LongColumn;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.NodeAddress;
import io.quiver.coordinator.node.ShardQueryRequest;
import io.quiver.coordinator.node.ShardQueryResult;
import io.quiver.coordinator.node.ShardSearchRequest;
import io.quiver.coordinator.node.ShardSearchResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueryNodeRpcTest {
    private final InProcessPeers peers = new InProcessPeers();
    private final RecordingQueryNode node = new RecordingQueryNode();
    private final FakeCatalog catalog = new FakeCatalog();
    private RandomRecords random;
    private CollectionInfo docs;
    private RemoteQueryNode client;

    @BeforeEach
    void start() {
        long seed = Long.getLong("quiver.test.seed", System.nanoTime());
        System.out.println("QueryNodeRpcTest seed=" + seed);
        random = new RandomRecords(new Random(seed));
        docs = catalog.add(7, "docs", 2);
        NodeAddress address = peers.start("querynode-1", new QueryNodeRpcService(node, catalog));
        client = new RemoteQueryNode(address, peers.channels(), Duration.ofSeconds(10));
    }

    @AfterEach
    void close() {
        peers.close();
    }

    @Test
    void loadReleaseAndProgressReachTheNodeWithTheCatalogsCollection() {
        node.progress = 63;

        client.loadShard(docs, 1);
        int progress = client.loadProgress(7, 1);
        client.releaseShard(7, 1);

        assertThat(progress).isEqualTo(63);
        assertThat(node.calls).containsExactly("load 7/1 'docs'", "progress 7/1", "release 7/1");
    }

    @Test
    void searchCarriesTheRequestAndTheResult() {
        for (int i = 0; i < 20; i++) {
            ShardSearchRequest request = random.searchRequest();
            ShardSearchResult result = random.searchResult();
            node.searchResult = result;

            ShardSearchResult answer = client.search(request);

            assertThat(answer).usingRecursiveComparison().isEqualTo(result);
            assertThat(node.requests.getLast()).usingRecursiveComparison().isEqualTo(request);
        }
    }

    @Test
    void queryCarriesTheRequestAndTheResult() {
        for (int i = 0; i < 20; i++) {
            ShardQueryRequest request = random.queryRequest();
            ShardQueryResult result = random.queryResult();
            node.queryResult = result;

            ShardQueryResult answer = client.query(request);

            assertThat(answer).usingRecursiveComparison().isEqualTo(result);
            assertThat(node.requests.getLast()).usingRecursiveComparison().isEqualTo(request);
        }
    }

    @Test
    void countRowsCarriesTimestampAndTimeout() {
        node.count = 12_345_678_901L;

        long count = client.countRows(docs, 0, 987_654_321L, Duration.ofMillis(1_500));

        assertThat(count).isEqualTo(12_345_678_901L);
        assertThat(node.calls).containsExactly("count 7/0 at 987654321 within 1500 ms");
    }

    @Test
    void aCollectionMissingFromTheCatalogIsNotFound() {
        CollectionInfo dropped = new FakeCatalog().add(99, "dropped", 1);

        assertThatThrownBy(() -> client.loadShard(dropped, 0))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.COLLECTION_NOT_FOUND))
                .hasMessageContaining("99");
        assertThatThrownBy(() -> client.countRows(dropped, 0, 1, Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.COLLECTION_NOT_FOUND));
        assertThat(node.calls).isEmpty();
    }

    @Test
    void nodeErrorsReachTheCallerUnchanged() {
        node.failure = new QuiverException(ErrorCode.COLLECTION_NOT_LOADED, "collection 7 is not loaded (shard 1)");

        assertThatThrownBy(() -> client.search(random.searchRequest()))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.COLLECTION_NOT_LOADED))
                .hasMessage("collection 7 is not loaded (shard 1)");
    }

    @Test
    void resultsLargerThanTheDefaultMessageLimitCrossTcp() throws IOException, InterruptedException {
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .maxInboundMessageSize(RpcChannels.MAX_MESSAGE_BYTES)
                .addService(new QueryNodeRpcService(node, catalog))
                .build()
                .start();
        try (RpcChannels tcp = new RpcChannels()) {
            int rows = 20_000;
            int dimension = 128; // 20k x 128 floats: about 10 MiB, over gRPC's 4 MiB default
            float[] vectors = random.floats(rows * dimension);
            long[] keys = new long[rows];
            for (int i = 0; i < rows; i++) {
                keys[i] = i;
            }
            node.searchResult = new ShardSearchResult(List.of(new ShardSearchResult.Hits(
                    LongColumn.int64(keys),
                    random.floats(rows),
                    new ColumnBatch(rows, Map.of("embedding", new FloatVectorColumn(dimension, vectors))))));
            RemoteQueryNode overTcp = new RemoteQueryNode(
                    new NodeAddress("querynode-tcp", "127.0.0.1", server.getPort()), tcp, Duration.ofSeconds(30));

            ShardSearchResult answer = overTcp.search(random.searchRequest());

            FloatVectorColumn embedding =
                    (FloatVectorColumn) answer.perQuery().getFirst().fields().column("embedding");
            assertThat(embedding.values()).isEqualTo(vectors);
            assertThat(answer.perQuery().getFirst().size()).isEqualTo(rows);
        } finally {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
