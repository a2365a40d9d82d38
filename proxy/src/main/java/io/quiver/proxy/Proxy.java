package io.quiver.proxy;

import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.quiver.coordinator.Coordinator;
import io.quiver.proto.milvus.MilvusServiceGrpc;
import io.quiver.proxy.internal.AdminHandler;
import io.quiver.proxy.internal.DdlHandler;
import io.quiver.proxy.internal.DmlHandler;
import io.quiver.proxy.internal.IndexHandler;
import io.quiver.proxy.internal.LoadHandler;
import io.quiver.proxy.internal.SearchHandler;
import io.quiver.proxy.internal.WriteStamper;
import io.quiver.wal.WriteAheadLog;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * The proxy role: the Milvus API front end. It registers with the coordinator as a writer before it
 * serves, so time ticks never pass a write it has not yet made durable.
 */
public final class Proxy implements AutoCloseable {
    private final Coordinator coordinator;
    private final WriteStamper stamper;
    private final MilvusService service;

    /**
     * For a server whose query nodes run in the same process: runs Milvus Search calls on the transport
     * thread that read them, and every other call on the server's executor. A search whose shards are all
     * caught up (the common Bounded and Eventually reads) is then answered without a thread handoff, which
     * on loopback is a large part of a small search's latency; {@link MilvusService#search} hands anything
     * that could block (Strong reads, shards behind, remote query nodes, many queries) to the executor.
     */
    public static final ServerCallExecutorSupplier SEARCH_ON_TRANSPORT_THREAD = new ServerCallExecutorSupplier() {
        @Override
        public <ReqT, RespT> Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata metadata) {
            return call.getMethodDescriptor().getFullMethodName().equals(SEARCH)
                    ? MoreExecutors.directExecutor()
                    : null;
        }
    };

    private static final String SEARCH = MilvusServiceGrpc.getSearchMethod().getFullMethodName();

    /**
     * @param executor runs scatter/gather of multi-shard reads and searches that may block; owned by the caller
     * @param readTimeout how long a read waits for shards to reach its consistency timestamp, and the
     *     longest a load call waits for the collection to serve reads
     */
    public Proxy(
            Coordinator coordinator,
            WriteAheadLog log,
            ExecutorService executor,
            Duration readTimeout,
            String deployMode) {
        this.coordinator = coordinator;
        this.stamper = new WriteStamper(coordinator.timestampOracle(), log);
        SearchHandler reads = new SearchHandler(coordinator, executor, readTimeout);
        this.service = new MilvusService(
                new AdminHandler(coordinator, deployMode),
                new DdlHandler(coordinator, reads),
                new IndexHandler(coordinator),
                new LoadHandler(coordinator, readTimeout),
                new DmlHandler(coordinator, stamper, reads),
                reads,
                executor);
    }

    public void start() {
        coordinator.registerWriter(stamper);
    }

    /** The gRPC service to bind into a server. */
    public MilvusService service() {
        return service;
    }

    @Override
    public void close() {
        coordinator.unregisterWriter(stamper);
    }
}
