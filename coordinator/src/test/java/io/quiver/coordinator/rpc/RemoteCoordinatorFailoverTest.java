package io.quiver.coordinator.rpc;

import static io.quiver.coordinator.rpc.CoordinatorRpcTest.awaitTrue;
import static io.quiver.coordinator.rpc.CoordinatorRpcTest.searchOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.coordinator.NodeAddress;
import io.quiver.coordinator.node.ShardSearchResult;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A remote coordinator following a failing-over leader and shards moving between query nodes. */
class RemoteCoordinatorFailoverTest {
    private final InProcessPeers peers = new InProcessPeers();
    private final FakeShardRoutes routes = new FakeShardRoutes();
    private final AtomicReference<NodeAddress> leaderAddress = new AtomicReference<>();
    private final FakeCoordinator first = new FakeCoordinator();
    private final FakeCoordinator second = new FakeCoordinator();
    private RemoteWriters firstWriters;
    private RemoteWriters secondWriters;
    private RandomRecords random;

    @BeforeEach
    void start() {
        long seed = Long.getLong("quiver.test.seed", System.nanoTime());
        System.out.println("RemoteCoordinatorFailoverTest seed=" + seed);
        random = new RandomRecords(new Random(seed));
        second.lastTimestamp.set(5_000);
        for (FakeCoordinator coordinator : List.of(first, second)) {
            coordinator.catalog.add(7, "docs", 2);
        }
        firstWriters = new RemoteWriters(first, () -> {}, Duration.ofSeconds(10), new TestClock());
        secondWriters = new RemoteWriters(second, () -> {}, Duration.ofSeconds(10), new TestClock());
        leaderAddress.set(peers.start("coordinator-a", new CoordinatorRpcService(first, routes, firstWriters)));
    }

    @AfterEach
    void close() {
        firstWriters.close();
        secondWriters.close();
        peers.close();
    }

    private RemoteCoordinator remote(RemoteCoordinatorConfig config) {
        return new RemoteCoordinator(leaderAddress::get, new FakeCatalog(), peers.channels(), config);
    }

    @Test
    void callsFollowTheLeaderToItsSuccessorMidway() throws Exception {
        RemoteCoordinatorConfig config = RemoteCoordinatorConfig.DEFAULTS.withReportInterval(Duration.ofMillis(5));
        AtomicLong safe = new AtomicLong(700);
        try (RemoteCoordinator remote = remote(config)) {
            remote.registerWriter(safe::get);
            assertThat(remote.timestampOracle().allocate()).isEqualTo(1_001);

            peers.stop(leaderAddress.get());
            leaderAddress.set(null); // no leader known while the election runs
            CompletableFuture<Long> allocation =
                    CompletableFuture.supplyAsync(() -> remote.timestampOracle().allocate());
            Thread.sleep(150);
            assertThat(allocation).isNotDone();
            NodeAddress successor =
                    peers.start("coordinator-b", new CoordinatorRpcService(second, routes, secondWriters));
            leaderAddress.set(successor);

            assertThat(allocation.get()).isEqualTo(5_001);
            assertThat(remote.timestampOracle().allocate()).isEqualTo(5_002);
            safe.set(950);
            awaitTrue(() ->
                    second.writers.size() == 1 && second.writers.getFirst().safeTimestamp() == 950);
        }
    }

    @Test
    void aLeaderThatStaysDownFailsCallsAfterTheFailoverTimeoutNamingIt() {
        NodeAddress dead = leaderAddress.get();
        peers.stop(dead);
        RemoteCoordinatorConfig config = RemoteCoordinatorConfig.DEFAULTS.withFailoverTimeout(Duration.ofMillis(300));
        try (RemoteCoordinator remote = remote(config)) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> remote.idAllocator().allocate(5))
                    .isInstanceOfSatisfying(
                            QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                    .hasMessageContaining("AllocateIds")
                    .hasMessageContaining("coordinator leader coordinator-a at " + dead.target());
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
        }
    }

    @Test
    void routesAreCachedAndLookedUpAgainWhenTheNodeDies() {
        RecordingQueryNode x = new RecordingQueryNode();
        RecordingQueryNode y = new RecordingQueryNode();
        ShardSearchResult fromY = random.searchResult();
        y.searchResult = fromY;
        NodeAddress xAddress = peers.start("querynode-x", new QueryNodeRpcService(x, first.catalog));
        NodeAddress yAddress = peers.start("querynode-y", new QueryNodeRpcService(y, first.catalog));
        routes.set(7, 0, xAddress);
        try (RemoteCoordinator remote = remote(RemoteCoordinatorConfig.DEFAULTS)) {
            remote.queryNode(7, 0).search(searchOf(random, 7, 0, Duration.ofSeconds(5)));
            remote.queryNode(7, 0).search(searchOf(random, 7, 0, Duration.ofSeconds(5)));
            assertThat(routes.lookups).hasValue(1);

            peers.stop(xAddress);
            routes.set(7, 0, yAddress);
            ShardSearchResult answer = remote.queryNode(7, 0).search(searchOf(random, 7, 0, Duration.ofSeconds(5)));

            assertThat(answer).usingRecursiveComparison().isEqualTo(fromY);
            assertThat(routes.lookups).hasValue(2);
            assertThat(x.calls).containsExactly("search 7/0", "search 7/0");
            assertThat(y.calls).containsExactly("search 7/0");
        }
    }

    @Test
    void aShardThatMovedAwayFromALiveNodeIsFoundOnItsNewNode() {
        RecordingQueryNode x = new RecordingQueryNode();
        RecordingQueryNode y = new RecordingQueryNode();
        y.count = 77;
        NodeAddress xAddress = peers.start("querynode-x", new QueryNodeRpcService(x, first.catalog));
        NodeAddress yAddress = peers.start("querynode-y", new QueryNodeRpcService(y, first.catalog));
        routes.set(7, 1, xAddress);
        try (RemoteCoordinator remote = remote(RemoteCoordinatorConfig.DEFAULTS)) {
            remote.queryNode(7, 1).loadProgress(7, 1);
            x.failure = new QuiverException(ErrorCode.COLLECTION_NOT_LOADED, "collection 7 is not loaded (shard 1)");
            routes.set(7, 1, yAddress);

            long count = remote.queryNode(7, 1)
                    .countRows(first.catalog.findCollection(7).orElseThrow(), 1, 1_000, Duration.ofSeconds(5));

            assertThat(count).isEqualTo(77);
            assertThat(routes.lookups).hasValue(2);
        }
    }

    @Test
    void countsOfAnUnloadedCollectionGoWhereTheLeaderSaysNowAndLeaveTheCachedRouteAlone() {
        RecordingQueryNode x = new RecordingQueryNode();
        RecordingQueryNode y = new RecordingQueryNode();
        x.count = 11;
        y.count = 22;
        NodeAddress xAddress = peers.start("querynode-x", new QueryNodeRpcService(x, first.catalog));
        NodeAddress yAddress = peers.start("querynode-y", new QueryNodeRpcService(y, first.catalog));
        var unloaded = first.catalog.findCollection(7).orElseThrow();
        assertThat(unloaded.loaded()).isFalse();
        routes.set(7, 0, xAddress);
        try (RemoteCoordinator remote = remote(RemoteCoordinatorConfig.DEFAULTS)) {
            remote.queryNode(7, 0).search(searchOf(random, 7, 0, Duration.ofSeconds(5)));
            assertThat(routes.lookups).hasValue(1);

            routes.set(7, 0, yAddress); // e.g. the leader names any live node for a transient count
            long unloadedCount = remote.queryNode(7, 0).countRows(unloaded, 0, 1_000, Duration.ofSeconds(5));
            long loadedCount =
                    remote.queryNode(7, 0).countRows(unloaded.withLoaded(true), 0, 1_000, Duration.ofSeconds(5));
            remote.queryNode(7, 0).search(searchOf(random, 7, 0, Duration.ofSeconds(5)));

            assertThat(unloadedCount).as("asked the leader, not the cache").isEqualTo(22);
            assertThat(loadedCount)
                    .as("a loaded collection keeps its cached route")
                    .isEqualTo(11);
            assertThat(routes.lookups).hasValue(2);
            assertThat(x.calls).containsExactly("search 7/0", "count 7/0 at 1000 within 5000 ms", "search 7/0");
            assertThat(y.calls).containsExactly("count 7/0 at 1000 within 5000 ms");
        }
    }

    @Test
    void notLoadedOnTheNodeTheLeaderStillRoutesToIsReported() {
        RecordingQueryNode x = new RecordingQueryNode();
        x.failure = new QuiverException(ErrorCode.COLLECTION_NOT_LOADED, "collection 7 is not loaded (shard 1)");
        routes.set(7, 1, peers.start("querynode-x", new QueryNodeRpcService(x, first.catalog)));
        try (RemoteCoordinator remote = remote(RemoteCoordinatorConfig.DEFAULTS)) {
            assertThatThrownBy(() -> remote.queryNode(7, 1).search(searchOf(random, 7, 1, Duration.ofSeconds(5))))
                    .isInstanceOfSatisfying(
                            QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.COLLECTION_NOT_LOADED))
                    .hasMessage("collection 7 is not loaded (shard 1)");
            assertThat(routes.lookups).hasValue(2);
        }
    }

    @Test
    void aDeadNodeThatIsStillRoutedFailsWithinTheRequestTimeoutNamingIt() {
        NodeAddress dead = peers.address("querynode-dead");
        routes.set(7, 0, dead);
        try (RemoteCoordinator remote = remote(RemoteCoordinatorConfig.DEFAULTS)) {
            remote.timestampOracle().allocate(); // warm up the channel
            long start = System.nanoTime();

            assertThatThrownBy(() -> remote.queryNode(7, 0).search(searchOf(random, 7, 0, Duration.ofMillis(300))))
                    .isInstanceOfSatisfying(
                            QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                    .hasMessageContaining("query node querynode-dead at " + dead.target());
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
            assertThat(routes.lookups.get()).isGreaterThan(1);
        }
    }
}
