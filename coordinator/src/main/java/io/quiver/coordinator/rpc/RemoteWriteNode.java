package io.quiver.coordinator.rpc;

import static java.util.Objects.requireNonNull;

import io.quiver.coordinator.NodeAddress;
import io.quiver.coordinator.node.WriteNodeService;
import io.quiver.proto.cluster.FlushRequest;
import io.quiver.proto.cluster.WriteNodeRpcGrpc;
import java.time.Duration;

/** A write node in another process, called over gRPC. */
public final class RemoteWriteNode implements WriteNodeService {
    private final NodeAddress address;
    private final RpcChannels channels;
    private final Duration flushTimeout;
    private final String peer;

    /** @param flushTimeout deadline of a flush call (longer than the write node's own flush timeout) */
    public RemoteWriteNode(NodeAddress address, RpcChannels channels, Duration flushTimeout) {
        this.address = requireNonNull(address, "address");
        this.channels = requireNonNull(channels, "channels");
        this.flushTimeout = requireNonNull(flushTimeout, "flushTimeout");
        this.peer = "write node " + address;
    }

    public NodeAddress address() {
        return address;
    }

    @Override
    public void flush(long collectionId, long timestamp) {
        FlushRequest request = FlushRequest.newBuilder()
                .setCollectionId(collectionId)
                .setTimestamp(timestamp)
                .build();
        RpcCalls.unary(
                channels,
                address,
                peer,
                "Flush",
                flushTimeout,
                WriteNodeRpcGrpc::newBlockingStub,
                stub -> stub.flush(request));
    }

    @Override
    public String toString() {
        return peer;
    }
}
