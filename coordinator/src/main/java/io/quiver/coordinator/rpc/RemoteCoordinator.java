package io.quiver.coordinator.rpc;

import static java.util.Objects.requireNonNull;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.coordinator.Catalog;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.Coordinator;
import io.quiver.coordinator.IdAllocator;
import io.quiver.coordinator.NodeAddress;
import io.quiver.coordinator.TickSource;
import io.quiver.coordinator.TimestampOracle;
import io.quiver.coordinator.node.QueryNodeService;
import io.quiver.proto.cluster.AllocateIdsRequest;
import io.quiver.proto.cluster.AllocateTimestampRequest;
import io.quiver.proto.cluster.CollectionRequest;
import io.quiver.proto.cluster.CoordinatorRpcGrpc;
import io.quiver.proto.cluster.CoordinatorRpcGrpc.CoordinatorRpcBlockingStub;
import io.quiver.proto.cluster.RequestTickRequest;
import io.quiver.proto.cluster.ShardRequest;
import io.quiver.proto.cluster.UnregisterWriterRequest;
import io.quiver.proto.cluster.WriterReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Coordinator} of a proxy or node process in a cluster: a client of the leader's
 * {@link CoordinatorRpcService}. The catalog is the process's own (every process reads and writes it in the
 * meta store directly). Calls to the leader are retried while it is unavailable (failing over), re-reading
 * the leader's address before each attempt, until {@link RemoteCoordinatorConfig#failoverTimeout}. Each
 * registered writer gets a thread reporting its safe timestamp every {@link
 * RemoteCoordinatorConfig#reportInterval}. {@link #queryNode} resolves the serving query node through the
 * leader, caches the route, and looks it up again when the node is unavailable or no longer serves the shard.
 */
public final class RemoteCoordinator implements Coordinator, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteCoordinator.class);

    private record ShardKey(long collectionId, int shard) {}

    private final Supplier<NodeAddress> leader;
    private final Catalog catalog;
    private final RpcChannels channels;
    private final RemoteCoordinatorConfig config;
    private final TimestampOracle tso = this::allocateTimestamp;
    private final IdAllocator ids = this::allocateIds;
    private final Map<TickSource, WriterReporter> reporters = new ConcurrentHashMap<>();
    private final Map<ShardKey, NodeAddress> routes = new ConcurrentHashMap<>();

    /**
     * @param leader the current leader's address, read before every attempt; it may return null or throw
     *     UNAVAILABLE while no leader is known
     * @param catalog this process's catalog
     * @param channels shared channels; owned by the caller
     */
    public RemoteCoordinator(
            Supplier<NodeAddress> leader, Catalog catalog, RpcChannels channels, RemoteCoordinatorConfig config) {
        this.leader = requireNonNull(leader, "leader");
        this.catalog = requireNonNull(catalog, "catalog");
        this.channels = requireNonNull(channels, "channels");
        this.config = requireNonNull(config, "config");
    }

    @Override
    public TimestampOracle timestampOracle() {
        return tso;
    }

    @Override
    public IdAllocator idAllocator() {
        return ids;
    }

    @Override
    public Catalog catalog() {
        return catalog;
    }

    /**
     * Registers the writer with the leader (its first report, before this returns) and starts reporting its
     * safe timestamp every report interval under a random writer id.
     */
    @Override
    public void registerWriter(TickSource writer) {
        WriterReporter reporter =
                new WriterReporter(UUID.randomUUID().toString(), writer, this, config.reportInterval());
        if (reporters.putIfAbsent(writer, reporter) != null) {
            throw new IllegalStateException(writer + " is already registered");
        }
        try {
            reporter.reportNow(failoverDeadline());
        } catch (RuntimeException e) {
            reporters.remove(writer);
            throw e;
        }
        reporter.start();
        LOG.info("registered writer {} with the coordinator leader", reporter.writerId());
    }

    /** Stops the writer's reports and unregisters it (if the leader cannot be told, it expires the writer). */
    @Override
    public void unregisterWriter(TickSource writer) {
        WriterReporter reporter = reporters.remove(writer);
        if (reporter != null) {
            reporter.stop(config.failoverTimeout().plus(config.callTimeout().multipliedBy(2)));
            unregister(reporter.writerId(), failoverDeadline());
        }
    }

    /** True while a report of the writer sent less than {@link RemoteCoordinatorConfig#writeLease} ago was acknowledged. */
    @Override
    public boolean holdsWriteLease(TickSource writer) {
        WriterReporter reporter = reporters.get(writer);
        return reporter != null && reporter.leaseHeld(config.writeLease());
    }

    @Override
    public void requestTick() {
        RequestTickRequest.Builder request = RequestTickRequest.newBuilder();
        for (WriterReporter reporter : List.copyOf(reporters.values())) {
            request.addReports(WriterReport.newBuilder()
                    .setWriterId(reporter.writerId())
                    .setSafeTs(reporter.source().safeTimestamp()));
        }
        RequestTickRequest built = request.build();
        callLeader("RequestTick", config.callTimeout(), failoverDeadline(), stub -> stub.requestTick(built));
    }

    @Override
    public void loadCollection(CollectionInfo collection) {
        callLeader(
                "LoadCollection",
                config.callTimeout(),
                failoverDeadline(),
                stub -> stub.loadCollection(collection(collection)));
    }

    @Override
    public void releaseCollection(CollectionInfo collection) {
        callLeader(
                "ReleaseCollection",
                config.callTimeout(),
                failoverDeadline(),
                stub -> stub.releaseCollection(collection(collection)));
    }

    @Override
    public int loadProgress(CollectionInfo collection) {
        return callLeader(
                        "LoadProgress",
                        config.callTimeout(),
                        failoverDeadline(),
                        stub -> stub.loadProgress(collection(collection)))
                .getPercent();
    }

    @Override
    public QueryNodeService queryNode(long collectionId, int shard) {
        return new RoutedQueryNode(this, collectionId, shard);
    }

    @Override
    public void flush(CollectionInfo collection) {
        callLeader("Flush", config.flushTimeout(), failoverDeadline(), stub -> stub.flush(collection(collection)));
    }

    RemoteCoordinatorConfig config() {
        return config;
    }

    /** The query node serving a shard: cached, or asked of the leader (retried until the deadline). */
    NodeAddress route(long collectionId, int shard, long deadlineNanos) {
        NodeAddress cached = routes.get(new ShardKey(collectionId, shard));
        if (cached != null) {
            return cached;
        }
        NodeAddress address = askRoute(collectionId, shard, deadlineNanos);
        routes.put(new ShardKey(collectionId, shard), address);
        return address;
    }

    /**
     * The query node the leader names for a shard now, not cached: for a collection that is not loaded it
     * is any live query node (which reads the shard transiently), not a route later reads should keep.
     */
    NodeAddress askRoute(long collectionId, int shard, long deadlineNanos) {
        ShardRequest request = ShardRequest.newBuilder()
                .setCollectionId(collectionId)
                .setShard(shard)
                .build();
        return NodeMessages.nodeAddress(
                callLeader("ShardRoute", config.callTimeout(), deadlineNanos, stub -> stub.shardRoute(request)));
    }

    /** Forgets a route unless it was already replaced by another. */
    void invalidateRoute(long collectionId, int shard, NodeAddress stale) {
        if (routes.remove(new ShardKey(collectionId, shard), stale)) {
            LOG.debug("dropped route of shard {} of collection {} to {}", shard, collectionId, stale);
        }
    }

    QueryNodeService node(NodeAddress address) {
        return new RemoteQueryNode(address, channels, config.callTimeout());
    }

    /** Reports a writer's safe timestamp, retrying an unavailable leader until the deadline. */
    void report(String writerId, long safeTimestamp, long deadlineNanos) {
        WriterReport report = WriterReport.newBuilder()
                .setWriterId(writerId)
                .setSafeTs(safeTimestamp)
                .build();
        callLeader("ReportWriter", config.callTimeout(), deadlineNanos, stub -> stub.reportWriter(report));
    }

    private void unregister(String writerId, long deadlineNanos) {
        UnregisterWriterRequest request =
                UnregisterWriterRequest.newBuilder().setWriterId(writerId).build();
        try {
            callLeader("UnregisterWriter", config.callTimeout(), deadlineNanos, stub -> stub.unregisterWriter(request));
            LOG.info("unregistered writer {} from the coordinator leader", writerId);
        } catch (QuiverException e) {
            LOG.warn(
                    "could not unregister writer {} from the coordinator leader; it expires once it stops reporting:"
                            + " {}",
                    writerId,
                    e.getMessage());
        }
    }

    private long allocateTimestamp() {
        return callLeader(
                        "AllocateTimestamp",
                        config.callTimeout(),
                        failoverDeadline(),
                        stub -> stub.allocateTimestamp(AllocateTimestampRequest.getDefaultInstance()))
                .getTimestamp();
    }

    private long allocateIds(int count) {
        AllocateIdsRequest request =
                AllocateIdsRequest.newBuilder().setCount(count).build();
        return callLeader("AllocateIds", config.callTimeout(), failoverDeadline(), stub -> stub.allocateIds(request))
                .getFirst();
    }

    private long failoverDeadline() {
        return System.nanoTime() + config.failoverTimeout().toNanos();
    }

    /**
     * Calls the leader; while it is unavailable, re-reads its address and retries until {@code deadlineNanos}
     * (a deadline already past means one attempt).
     */
    <T> T callLeader(
            String method, Duration timeout, long deadlineNanos, Function<CoordinatorRpcBlockingStub, T> call) {
        int attempts = 0;
        while (true) {
            attempts++;
            QuiverException failure;
            try {
                NodeAddress address = leader.get();
                if (address == null) {
                    throw new QuiverException(ErrorCode.UNAVAILABLE, "no coordinator leader is known");
                }
                return RpcCalls.unary(
                        channels,
                        address,
                        "coordinator leader " + address,
                        method,
                        timeout,
                        CoordinatorRpcGrpc::newBlockingStub,
                        call);
            } catch (QuiverException e) {
                if (e.code() != ErrorCode.UNAVAILABLE) {
                    throw e;
                }
                failure = e;
            }
            long backoff = config.retryBackoff().toNanos();
            if (System.nanoTime() + backoff > deadlineNanos) {
                if (attempts == 1) {
                    throw failure;
                }
                throw new QuiverException(
                        ErrorCode.UNAVAILABLE,
                        method + " still unavailable after " + attempts + " attempts (failover limit "
                                + config.failoverTimeout().toMillis()
                                + " ms); last error: " + failure.getMessage(),
                        failure);
            }
            LOG.debug(
                    "{} to the coordinator leader failed (attempt {}), retrying: {}",
                    method,
                    attempts,
                    failure.getMessage());
            pause(config.retryBackoff());
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuiverException(ErrorCode.UNAVAILABLE, "interrupted while waiting to retry a call");
        }
    }

    private static CollectionRequest collection(CollectionInfo collection) {
        return CollectionRequest.newBuilder().setCollectionId(collection.id()).build();
    }

    /** Stops every writer's reports and tells the leader once, without retrying; the channels stay open. */
    @Override
    public void close() {
        for (TickSource writer : List.copyOf(reporters.keySet())) {
            WriterReporter reporter = reporters.remove(writer);
            if (reporter != null) {
                reporter.stop(config.callTimeout().multipliedBy(2));
                unregister(reporter.writerId(), System.nanoTime());
            }
        }
        routes.clear();
    }
}
