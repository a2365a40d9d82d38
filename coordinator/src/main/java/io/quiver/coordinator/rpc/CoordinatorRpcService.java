package io.quiver.coordinator.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.stub.StreamObserver;
import io.quiver.common.QuiverException;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.Coordinator;
import io.quiver.proto.cluster.Ack;
import io.quiver.proto.cluster.AllocateIdsRequest;
import io.quiver.proto.cluster.AllocateIdsResponse;
import io.quiver.proto.cluster.AllocateTimestampRequest;
import io.quiver.proto.cluster.AllocateTimestampResponse;
import io.quiver.proto.cluster.CollectionRequest;
import io.quiver.proto.cluster.CoordinatorRpcGrpc;
import io.quiver.proto.cluster.LoadProgressResponse;
import io.quiver.proto.cluster.NodeAddressMessage;
import io.quiver.proto.cluster.RequestTickRequest;
import io.quiver.proto.cluster.ShardRequest;
import io.quiver.proto.cluster.UnregisterWriterRequest;
import io.quiver.proto.cluster.WriterReport;

/**
 * Serves the coordinator leader's {@link Coordinator} over gRPC to proxies and nodes in other processes.
 * Writer reports go to {@link RemoteWriters}; shard routes come from {@link ShardRoutes}. Requests name
 * collections by id; a collection that does not exist is COLLECTION_NOT_FOUND. Timestamps are handed out
 * and writer reports acknowledged only while {@link Leadership} confirms this coordinator still leads.
 */
public final class CoordinatorRpcService extends CoordinatorRpcGrpc.CoordinatorRpcImplBase {
    /** The most ids one AllocateIds call may reserve. */
    public static final int MAX_IDS_PER_CALL = 1 << 20;

    private final Coordinator coordinator;
    private final ShardRoutes routes;
    private final RemoteWriters writers;
    private final Leadership leadership;

    /** A service of a coordinator that cannot be deposed. */
    public CoordinatorRpcService(Coordinator coordinator, ShardRoutes routes, RemoteWriters writers) {
        this(coordinator, routes, writers, Leadership.UNCONTESTED);
    }

    public CoordinatorRpcService(
            Coordinator coordinator, ShardRoutes routes, RemoteWriters writers, Leadership leadership) {
        this.coordinator = requireNonNull(coordinator, "coordinator");
        this.routes = requireNonNull(routes, "routes");
        this.writers = requireNonNull(writers, "writers");
        this.leadership = requireNonNull(leadership, "leadership");
    }

    @Override
    public void allocateTimestamp(AllocateTimestampRequest request, StreamObserver<AllocateTimestampResponse> out) {
        RpcErrors.serve("AllocateTimestamp", out, () -> {
            long timestamp = coordinator.timestampOracle().allocate();
            leadership.confirm();
            return AllocateTimestampResponse.newBuilder()
                    .setTimestamp(timestamp)
                    .build();
        });
    }

    @Override
    public void allocateIds(AllocateIdsRequest request, StreamObserver<AllocateIdsResponse> out) {
        RpcErrors.serve("AllocateIds", out, () -> {
            int count = request.getCount();
            QuiverException.check(
                    count >= 1 && count <= MAX_IDS_PER_CALL,
                    "cannot allocate %d ids in one call; it must be 1 to %d",
                    count,
                    MAX_IDS_PER_CALL);
            return AllocateIdsResponse.newBuilder()
                    .setFirst(coordinator.idAllocator().allocate(count))
                    .build();
        });
    }

    @Override
    public void reportWriter(WriterReport request, StreamObserver<Ack> out) {
        RpcErrors.serve("ReportWriter", out, () -> {
            leadership.confirm();
            writers.report(request.getWriterId(), request.getSafeTs());
            leadership.confirm();
            return Ack.getDefaultInstance();
        });
    }

    @Override
    public void unregisterWriter(UnregisterWriterRequest request, StreamObserver<Ack> out) {
        RpcErrors.serve("UnregisterWriter", out, () -> {
            writers.unregister(request.getWriterId());
            return Ack.getDefaultInstance();
        });
    }

    @Override
    public void requestTick(RequestTickRequest request, StreamObserver<Ack> out) {
        RpcErrors.serve("RequestTick", out, () -> {
            leadership.confirm();
            for (WriterReport report : request.getReportsList()) {
                writers.report(report.getWriterId(), report.getSafeTs());
            }
            coordinator.requestTick();
            return Ack.getDefaultInstance();
        });
    }

    @Override
    public void loadCollection(CollectionRequest request, StreamObserver<Ack> out) {
        RpcErrors.serve("LoadCollection", out, () -> {
            coordinator.loadCollection(collection(request));
            return Ack.getDefaultInstance();
        });
    }

    @Override
    public void releaseCollection(CollectionRequest request, StreamObserver<Ack> out) {
        RpcErrors.serve("ReleaseCollection", out, () -> {
            coordinator.releaseCollection(collection(request));
            return Ack.getDefaultInstance();
        });
    }

    @Override
    public void loadProgress(CollectionRequest request, StreamObserver<LoadProgressResponse> out) {
        RpcErrors.serve("LoadProgress", out, () -> LoadProgressResponse.newBuilder()
                .setPercent(coordinator.loadProgress(collection(request)))
                .build());
    }

    @Override
    public void flush(CollectionRequest request, StreamObserver<Ack> out) {
        RpcErrors.serve("Flush", out, () -> {
            coordinator.flush(collection(request));
            return Ack.getDefaultInstance();
        });
    }

    @Override
    public void shardRoute(ShardRequest request, StreamObserver<NodeAddressMessage> out) {
        RpcErrors.serve(
                "ShardRoute",
                out,
                () -> NodeMessages.toProto(routes.route(request.getCollectionId(), request.getShard())));
    }

    private CollectionInfo collection(CollectionRequest request) {
        return QueryNodeRpcService.collection(coordinator.catalog(), request.getCollectionId());
    }
}
