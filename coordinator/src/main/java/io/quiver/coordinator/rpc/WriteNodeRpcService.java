package io.quiver.coordinator.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.stub.StreamObserver;
import io.quiver.coordinator.node.WriteNodeService;
import io.quiver.proto.cluster.Ack;
import io.quiver.proto.cluster.FlushRequest;
import io.quiver.proto.cluster.WriteNodeRpcGrpc;

/** Serves a write node's {@link WriteNodeService} over gRPC. */
public final class WriteNodeRpcService extends WriteNodeRpcGrpc.WriteNodeRpcImplBase {
    private final WriteNodeService node;

    public WriteNodeRpcService(WriteNodeService node) {
        this.node = requireNonNull(node, "node");
    }

    @Override
    public void flush(FlushRequest request, StreamObserver<Ack> out) {
        RpcErrors.serve("Flush", out, () -> {
            node.flush(request.getCollectionId(), request.getTimestamp());
            return Ack.getDefaultInstance();
        });
    }
}
