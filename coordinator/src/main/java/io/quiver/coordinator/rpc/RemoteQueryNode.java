package io.quiver.coordinator.rpc;

import static java.util.Objects.requireNonNull;

import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.NodeAddress;
import io.quiver.coordinator.node.QueryNodeService;
import io.quiver.coordinator.node.ShardQueryRequest;
import io.quiver.coordinator.node.ShardQueryResult;
import io.quiver.coordinator.node.ShardSearchRequest;
import io.quiver.coordinator.node.ShardSearchResult;
import io.quiver.proto.cluster.CountRowsRequest;
import io.quiver.proto.cluster.QueryNodeRpcGrpc;
import io.quiver.proto.cluster.QueryNodeRpcGrpc.QueryNodeRpcBlockingStub;
import io.quiver.proto.cluster.ShardRequest;
import java.time.Duration;
import java.util.function.Function;

/**
 * A query node in another process, called over gRPC. Calls that carry their own timeout (search, query,
 * count) get that timeout plus {@code callTimeout} as their deadline, so the node's own timeout error,
 * which says what it waited for, arrives first.
 */
public final class RemoteQueryNode implements QueryNodeService {
    private final NodeAddress address;
    private final RpcChannels channels;
    private final Duration callTimeout;
    private final String peer;

    /**
     * @param callTimeout deadline of calls without a timeout of their own, and the grace added to those with one
     */
    public RemoteQueryNode(NodeAddress address, RpcChannels channels, Duration callTimeout) {
        this.address = requireNonNull(address, "address");
        this.channels = requireNonNull(channels, "channels");
        this.callTimeout = requireNonNull(callTimeout, "callTimeout");
        this.peer = "query node " + address;
    }

    public NodeAddress address() {
        return address;
    }

    @Override
    public void loadShard(CollectionInfo collection, int shard) {
        call("LoadShard", callTimeout, stub -> stub.loadShard(shard(collection.id(), shard)));
    }

    @Override
    public void releaseShard(long collectionId, int shard) {
        call("ReleaseShard", callTimeout, stub -> stub.releaseShard(shard(collectionId, shard)));
    }

    @Override
    public int loadProgress(long collectionId, int shard) {
        return call("LoadProgress", callTimeout, stub -> stub.loadProgress(shard(collectionId, shard)))
                .getPercent();
    }

    @Override
    public ShardSearchResult search(ShardSearchRequest request) {
        return NodeMessages.searchResult(call(
                "Search", request.timeout().plus(callTimeout), stub -> stub.search(NodeMessages.toProto(request))));
    }

    @Override
    public long countRows(CollectionInfo collection, int shard, long timestamp, Duration timeout) {
        CountRowsRequest request = CountRowsRequest.newBuilder()
                .setCollectionId(collection.id())
                .setShard(shard)
                .setTimestamp(timestamp)
                .setTimeoutNanos(timeout.toNanos())
                .build();
        return call("CountRows", timeout.plus(callTimeout), stub -> stub.countRows(request))
                .getCount();
    }

    @Override
    public ShardQueryResult query(ShardQueryRequest request) {
        return NodeMessages.queryResult(
                call("Query", request.timeout().plus(callTimeout), stub -> stub.query(NodeMessages.toProto(request))));
    }

    private <T> T call(String method, Duration timeout, Function<QueryNodeRpcBlockingStub, T> call) {
        return RpcCalls.unary(channels, address, peer, method, timeout, QueryNodeRpcGrpc::newBlockingStub, call);
    }

    private static ShardRequest shard(long collectionId, int shard) {
        return ShardRequest.newBuilder()
                .setCollectionId(collectionId)
                .setShard(shard)
                .build();
    }

    @Override
    public String toString() {
        return peer;
    }
}
