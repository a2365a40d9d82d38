package io.quiver.coordinator.cluster;

import static io.quiver.coordinator.Catalog.DEFAULT_DATABASE;
import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.embedded.EmbeddedMetaStore;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.DataType;
import io.quiver.common.schema.FieldSchema;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.ConsistencyLevel;
import io.quiver.coordinator.NodeAddress;
import io.quiver.coordinator.internal.ChannelLayout;
import io.quiver.coordinator.internal.MetaStoreCatalog;
import io.quiver.coordinator.internal.MetaStoreIdAllocator;
import io.quiver.coordinator.internal.PersistentTimestampOracle;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterPlacementTest {
    private static final ChannelLayout LAYOUT = new ChannelLayout("dml", 4);
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final Duration GRACE = Duration.ofSeconds(5);

    @TempDir
    Path directory;

    private MetaStore metaStore;
    private MetaStoreCatalog catalog;
    private final FakeNodes nodes = new FakeNodes();
    private final MutableClock clock = new MutableClock();
    private final Map<String, NodeSession> sessions = new TreeMap<>();
    private final AtomicBoolean deposed = new AtomicBoolean();
    private NodeSession coordinator;
    private LeaderElection election;
    private ClusterPlacement placement;

    @BeforeEach
    void start() throws InterruptedException {
        metaStore = EmbeddedMetaStore.open(directory, Clock.systemUTC());
        catalog = MetaStoreCatalog.open(
                metaStore,
                new MetaStoreIdAllocator(metaStore),
                PersistentTimestampOracle.open(metaStore, Clock.systemUTC()),
                LAYOUT);
        coordinator = register(NodeRole.COORDINATOR, "coordinator-1");
        election = new LeaderElection(metaStore, coordinator);
        election.awaitLeadership(Duration.ofMillis(50));
        placement = ClusterPlacement.start(
                metaStore,
                catalog,
                election,
                LAYOUT.all(),
                nodes,
                new PlacementConfig(Duration.ofMillis(50), GRACE),
                clock,
                () -> deposed.set(true));
    }

    @AfterEach
    void stop() {
        placement.close();
        sessions.values().forEach(NodeSession::close);
        catalog.close();
        metaStore.close();
    }

    @Test
    void channelsAreSpreadOverWriteNodesAndFollowedByThem() {
        List<Set<String>> seenByFirst = new CopyOnWriteArrayList<>();
        try (AssignedChannels followed = AssignedChannels.follow(metaStore, "write-1", seenByFirst::add)) {
            register(NodeRole.WRITE_NODE, "write-1");
            register(NodeRole.WRITE_NODE, "write-2");

            // write-1 may pass through 2 channels while it is first given all 4: wait for both nodes
            awaitTrue(() -> !seenByFirst.isEmpty()
                    && seenByFirst.getLast().size() == 2
                    && channelsOf("write-2").size() == 2);
            Set<String> first = seenByFirst.getLast();
            Set<String> all = new HashSet<>(first);
            all.addAll(channelsOf("write-2"));
            assertThat(all).containsExactlyInAnyOrderElementsOf(LAYOUT.all());

            sessions.remove("write-2").close();
            awaitTrue(() -> seenByFirst.getLast().size() == 4);
        }
    }

    @Test
    void flushGoesToTheWriteNodesOwningTheCollectionsChannels() {
        register(NodeRole.WRITE_NODE, "write-1");
        register(NodeRole.WRITE_NODE, "write-2");
        awaitTrue(
                () -> channelsOf("write-1").size() == 2 && channelsOf("write-2").size() == 2);
        CollectionInfo docs = create("docs", 4);

        placement.flush(docs, 42);

        assertThat(nodes.flushes).containsExactlyInAnyOrder("write-1:" + docs.id(), "write-2:" + docs.id());
    }

    @Test
    void shardsOfALoadedCollectionAreServedAndMoveWhenTheirNodeLeaves() {
        register(NodeRole.QUERY_NODE, "query-1");
        register(NodeRole.QUERY_NODE, "query-2");
        CollectionInfo docs = create("docs", 4);

        load(docs);

        assertThat(nodes.served("query-1")).hasSize(2);
        assertThat(nodes.served("query-2")).hasSize(2);
        assertThat(placement.loadProgress(docs)).isEqualTo(100);
        Map<Integer, String> before = routes(docs);
        assertThat(before.values()).containsOnly("query-1", "query-2");

        sessions.remove("query-2").close();

        awaitTrue(() -> routes(docs).values().stream().allMatch("query-1"::equals));
        assertThat(nodes.served("query-1")).hasSize(4);
    }

    @Test
    void aJoiningQueryNodeTakesShardsOnlyOnceItHasLoadedThem() {
        register(NodeRole.QUERY_NODE, "query-1");
        CollectionInfo docs = create("docs", 4);
        load(docs);
        nodes.loadsFinishAtOnce = false;

        register(NodeRole.QUERY_NODE, "query-2");
        awaitTrue(() -> nodes.served("query-2").size() == 2);
        assertThat(routes(docs).values()).as("not routed before loaded").containsOnly("query-1");

        nodes.finishLoading("query-2");
        awaitTrue(() -> routes(docs).values().stream().filter("query-2"::equals).count() == 2);
        assertThat(nodes.served("query-1")).as("kept during the grace period").hasSize(4);

        clock.advance(GRACE.plusSeconds(1));
        awaitTrue(() -> nodes.served("query-1").size() == 2);
    }

    @Test
    void releasingACollectionReleasesItsShards() {
        register(NodeRole.QUERY_NODE, "query-1");
        CollectionInfo docs = create("docs", 2);
        load(docs);

        catalog.setLoaded(docs.id(), false);
        placement.release(docs);

        awaitTrue(() -> nodes.served("query-1").isEmpty());
        assertThat(placement.route(docs.id(), 0)).isNull();
    }

    @Test
    void anUnloadedCollectionIsReadFromAnyLiveQueryNodeAndALoadedOneWhereItIsServed() {
        CollectionInfo docs = create("docs", 4);
        assertThat(placement.readRoute(docs.id(), 0))
                .as("no query node is live")
                .isNull();
        register(NodeRole.QUERY_NODE, "query-1");
        register(NodeRole.QUERY_NODE, "query-2");
        awaitTrue(() -> placement.members().nodes(NodeRole.QUERY_NODE).size() == 2);

        Map<Integer, String> transientRoutes = new TreeMap<>();
        for (int shard = 0; shard < 4; shard++) {
            assertThat(placement.route(docs.id(), shard)).as("not served").isNull();
            transientRoutes.put(shard, placement.readRoute(docs.id(), shard).nodeId());
        }
        assertThat(Set.copyOf(transientRoutes.values())).containsExactlyInAnyOrder("query-1", "query-2");
        assertThat(nodes.served("query-1"))
                .as("nothing loaded for a transient read")
                .isEmpty();

        load(docs);
        for (int shard = 0; shard < 4; shard++) {
            assertThat(placement.readRoute(docs.id(), shard)).isEqualTo(placement.route(docs.id(), shard));
        }
    }

    @Test
    void aLoadedShardWithoutANodeHasNoReadRoute() {
        CollectionInfo docs = create("docs", 1);
        catalog.setLoaded(docs.id(), true);
        placement.load(catalog.findCollection(docs.id()).orElseThrow());

        assertThat(placement.readRoute(docs.id(), 0)).isNull();
        register(NodeRole.QUERY_NODE, "query-1");
        awaitTrue(() -> placement.readRoute(docs.id(), 0) != null);
        assertThat(placement.readRoute(docs.id(), 0).nodeId()).isEqualTo("query-1");
        assertThat(nodes.served("query-1")).hasSize(1);
    }

    @Test
    void aNewLeaderTakesOverThePlacementAndTheOldOneIsDeposed() throws InterruptedException {
        register(NodeRole.QUERY_NODE, "query-1");
        register(NodeRole.QUERY_NODE, "query-2");
        CollectionInfo docs = create("docs", 4);
        load(docs);
        Map<Integer, String> before = routes(docs);

        coordinator.close(); // the old leader's lease ends: its leader key disappears
        NodeSession successorSession = register(NodeRole.COORDINATOR, "coordinator-2");
        LeaderElection successor = new LeaderElection(metaStore, successorSession);
        successor.awaitLeadership(Duration.ofMillis(50));
        FakeNodes successorNodes = new FakeNodes();
        try (ClusterPlacement next = ClusterPlacement.start(
                metaStore,
                catalog,
                successor,
                LAYOUT.all(),
                successorNodes,
                new PlacementConfig(Duration.ofMillis(50), GRACE),
                clock,
                () -> {})) {
            for (int shard = 0; shard < 4; shard++) {
                assertThat(next.route(docs.id(), shard).nodeId()).isEqualTo(before.get(shard));
            }
            // the successor re-sends every shard to its node once (loading is idempotent)
            awaitTrue(() -> successorNodes.served("query-1").size()
                            + successorNodes.served("query-2").size()
                    == 4);

            register(NodeRole.WRITE_NODE, "write-1"); // makes the old leader try a placement write
            awaitTrue(deposed::get);
        }
    }

    // ---------------------------------------------------------------- helpers

    private NodeSession register(NodeRole role, String nodeId) {
        NodeSession session = NodeSession.register(
                metaStore, role, new NodeAddress(nodeId, "127.0.0.1", 1), TTL, Clock.systemUTC(), () -> {});
        sessions.put(nodeId, session);
        return session;
    }

    private CollectionInfo create(String name, int shards) {
        CollectionSchema schema = new CollectionSchema(
                name,
                "",
                List.of(
                        new FieldSchema(100, "id", DataType.INT64, true, false, 0, 0, ""),
                        new FieldSchema(101, "vec", DataType.FLOAT_VECTOR, false, false, 4, 0, "")));
        return catalog.createCollection(DEFAULT_DATABASE, schema, shards, ConsistencyLevel.BOUNDED, Map.of(), false);
    }

    private void load(CollectionInfo collection) {
        catalog.setLoaded(collection.id(), true);
        placement.load(collection);
        awaitTrue(() -> placement.loadProgress(collection) == 100);
    }

    private Map<Integer, String> routes(CollectionInfo collection) {
        Map<Integer, String> routes = new TreeMap<>();
        for (int shard = 0; shard < collection.shards(); shard++) {
            NodeAddress address = placement.route(collection.id(), shard);
            routes.put(shard, address == null ? "none" : address.nodeId());
        }
        return routes;
    }

    private Set<String> channelsOf(String nodeId) {
        List<Set<String>> seen = new ArrayList<>();
        try (AssignedChannels followed = AssignedChannels.follow(metaStore, nodeId, seen::add)) {
            return seen.isEmpty() ? Set.of() : seen.getLast();
        }
    }

    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
