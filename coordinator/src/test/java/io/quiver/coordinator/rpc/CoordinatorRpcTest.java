package io.quiver.coordinator.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.NodeAddress;
import io.quiver.coordinator.TickSource;
import io.quiver.coordinator.node.ShardSearchRequest;
import io.quiver.coordinator.node.ShardSearchResult;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CoordinatorRpcTest {
    private static final RemoteCoordinatorConfig QUIET = RemoteCoordinatorConfig.DEFAULTS
            .withReportInterval(Duration.ofHours(1))
            .withFailoverTimeout(Duration.ofMillis(300));

    private final InProcessPeers peers = new InProcessPeers();
    private final FakeCoordinator leader = new FakeCoordinator();
    private final FakeShardRoutes routes = new FakeShardRoutes();
    private final AtomicInteger reports = new AtomicInteger();
    private final FakeCatalog localCatalog = new FakeCatalog();
    private RemoteWriters writers;
    private NodeAddress leaderAddress;
    private CollectionInfo docs;

    @BeforeEach
    void start() {
        docs = leader.catalog.add(7, "docs", 2);
        localCatalog.add(7, "docs", 2);
        writers = new RemoteWriters(leader, reports::incrementAndGet, Duration.ofSeconds(10), new TestClock());
        leaderAddress = peers.start("coordinator-1", new CoordinatorRpcService(leader, routes, writers));
    }

    @AfterEach
    void close() {
        writers.close();
        peers.close();
    }

    private RemoteCoordinator remote(RemoteCoordinatorConfig config) {
        return new RemoteCoordinator(() -> leaderAddress, localCatalog, peers.channels(), config);
    }

    @Test
    void timestampsAndIdsComeFromTheLeader() {
        try (RemoteCoordinator remote = remote(QUIET)) {
            assertThat(remote.timestampOracle().allocate()).isEqualTo(1_001);
            assertThat(remote.timestampOracle().allocate()).isEqualTo(1_002);
            assertThat(remote.idAllocator().allocate(10)).isEqualTo(1);
            assertThat(remote.idAllocator().allocate(1)).isEqualTo(11);
            assertThatThrownBy(() -> remote.idAllocator().allocate(0))
                    .isInstanceOfSatisfying(
                            QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessageContaining("cannot allocate 0 ids");
        }
    }

    @Test
    void theCatalogIsTheLocalOne() {
        try (RemoteCoordinator remote = remote(QUIET)) {
            assertThat(remote.catalog()).isSameAs(localCatalog);
        }
    }

    @Test
    void loadReleaseProgressAndFlushReachTheLeader() {
        leader.progress = 73;
        try (RemoteCoordinator remote = remote(QUIET)) {
            remote.loadCollection(docs);
            int progress = remote.loadProgress(docs);
            remote.flush(docs);
            remote.releaseCollection(docs);

            assertThat(progress).isEqualTo(73);
            assertThat(leader.calls).containsExactly("load 7", "progress 7", "flush 7", "release 7");
        }
    }

    @Test
    void aCollectionTheLeaderDoesNotKnowIsNotFound() {
        CollectionInfo unknown = new FakeCatalog().add(99, "ghost", 1);
        try (RemoteCoordinator remote = remote(QUIET)) {
            assertThatThrownBy(() -> remote.loadCollection(unknown))
                    .isInstanceOfSatisfying(
                            QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.COLLECTION_NOT_FOUND))
                    .hasMessageContaining("99");
            assertThat(leader.calls).isEmpty();
        }
    }

    @Test
    void leaderErrorsReachTheCallerUnchangedAndAreNotRetried() {
        leader.failure = new QuiverException(ErrorCode.CONFLICT, "timestamp oracle lost its lease");
        try (RemoteCoordinator remote = remote(RemoteCoordinatorConfig.DEFAULTS)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> remote.timestampOracle().allocate())
                    .isInstanceOfSatisfying(
                            QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                    .hasMessage("timestamp oracle lost its lease");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aRegisteredWriterIsKnownToTheLeaderBeforeRegisterReturnsAndThenReportsPeriodically() {
        AtomicLong safe = new AtomicLong(500);
        TickSource writer = safe::get;
        RemoteCoordinatorConfig fast = RemoteCoordinatorConfig.DEFAULTS.withReportInterval(Duration.ofMillis(5));
        try (RemoteCoordinator remote = remote(fast)) {
            remote.registerWriter(writer);

            assertThat(leader.writers).hasSize(1);
            assertThat(leader.writers.getFirst().safeTimestamp()).isGreaterThanOrEqualTo(500);
            assertThat(writers.writerIds()).hasSize(1);
            assertThat(Thread.getAllStackTraces().keySet())
                    .anyMatch(t -> t.getName().startsWith("writer-report-"));

            safe.set(900);
            awaitTrue(() -> leader.writers.getFirst().safeTimestamp() == 900);
            assertThat(reports.get()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void unregisteringAWriterStopsItsReportsAndUnregistersIt() throws InterruptedException {
        AtomicLong safe = new AtomicLong(500);
        TickSource writer = safe::get;
        RemoteCoordinatorConfig fast = RemoteCoordinatorConfig.DEFAULTS.withReportInterval(Duration.ofMillis(2));
        try (RemoteCoordinator remote = remote(fast)) {
            remote.registerWriter(writer);
            awaitTrue(() -> reports.get() >= 3);

            remote.unregisterWriter(writer);
            int reportsAfter = reports.get();
            Thread.sleep(50);

            assertThat(leader.writers).isEmpty();
            assertThat(writers.writerIds()).isEmpty();
            assertThat(reports.get()).isEqualTo(reportsAfter);
            assertThat(Thread.getAllStackTraces().keySet())
                    .noneMatch(t -> t.getName().startsWith("writer-report-"));
        }
    }

    @Test
    void requestTickCarriesTheFreshSafeTimestampsOfThisProcesssWriters() {
        AtomicLong first = new AtomicLong(500);
        AtomicLong second = new AtomicLong(600);
        try (RemoteCoordinator remote = remote(QUIET)) {
            remote.registerWriter(first::get);
            remote.registerWriter(second::get);
            first.set(800);
            second.set(850);

            remote.requestTick();

            assertThat(leader.tickRequests).hasSize(1);
            assertThat(leader.tickRequests.getFirst()).containsExactlyInAnyOrder(800L, 850L);
        }
    }

    @Test
    void queryNodeCallsGoToTheNodeTheLeaderRoutesTheShardTo() {
        RecordingQueryNode node = new RecordingQueryNode();
        RandomRecords random = new RandomRecords(new Random(42));
        ShardSearchResult result = random.searchResult();
        node.searchResult = result;
        NodeAddress nodeAddress = peers.start("querynode-1", new QueryNodeRpcService(node, leader.catalog));
        routes.set(7, 1, nodeAddress);
        try (RemoteCoordinator remote = remote(QUIET)) {
            ShardSearchRequest request = searchOf(random, 7, 1, Duration.ofSeconds(5));

            assertThat(remote.queryNode(7, 1).search(request))
                    .usingRecursiveComparison()
                    .isEqualTo(result);
            remote.queryNode(7, 1).loadShard(docs, 1);
            assertThat(node.calls).containsExactly("search 7/1", "load 7/1 'docs'");
            assertThat(routes.lookups).hasValue(1);
        }
    }

    @Test
    void aShardNoNodeServesIsUnavailableAfterTheRequestTimeout() {
        RandomRecords random = new RandomRecords(new Random(7));
        try (RemoteCoordinator remote = remote(RemoteCoordinatorConfig.DEFAULTS)) {
            remote.timestampOracle().allocate(); // warm up the channel
            long start = System.nanoTime();
            assertThatThrownBy(() -> remote.queryNode(7, 0).search(searchOf(random, 7, 0, Duration.ofMillis(300))))
                    .isInstanceOfSatisfying(
                            QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                    .hasMessageContaining("no query node serves shard 0 of collection 7");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
            assertThat(routes.lookups.get()).isGreaterThan(1);
        }
    }

    static ShardSearchRequest searchOf(RandomRecords random, long collectionId, int shard, Duration timeout) {
        ShardSearchRequest r = random.searchRequest();
        return new ShardSearchRequest(
                collectionId,
                shard,
                r.partitionIds(),
                r.vectorField(),
                r.queries(),
                r.topK(),
                r.metric(),
                r.params(),
                r.filter(),
                r.guaranteeTs(),
                r.snapshotTs(),
                List.of(),
                timeout);
    }

    static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
