package io.quiver.coordinator.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.stub.StreamObserver;
import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.coordinator.Catalog;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.node.QueryNodeService;
import io.quiver.proto.cluster.Ack;
import io.quiver.proto.cluster.CountRowsRequest;
import io.quiver.proto.cluster.CountRowsResponse;
import io.quiver.proto.cluster.LoadProgressResponse;
import io.quiver.proto.cluster.QueryNodeRpcGrpc;
import io.quiver.proto.cluster.QueryRequest;
import io.quiver.proto.cluster.QueryResponse;
import io.quiver.proto.cluster.SearchRequest;
import io.quiver.proto.cluster.SearchResponse;
import io.quiver.proto.cluster.ShardRequest;
import java.time.Duration;

/**
 * Serves a query node's {@link QueryNodeService} over gRPC. Requests name collections by id; the
 * collection is read from the catalog, and a collection that does not exist is COLLECTION_NOT_FOUND.
 */
public final class QueryNodeRpcService extends QueryNodeRpcGrpc.QueryNodeRpcImplBase {
    private final QueryNodeService node;
    private final Catalog catalog;

    public QueryNodeRpcService(QueryNodeService node, Catalog catalog) {
        this.node = requireNonNull(node, "node");
        this.catalog = requireNonNull(catalog, "catalog");
    }

    @Override
    public void loadShard(ShardRequest request, StreamObserver<Ack> out) {
        RpcErrors.serve("LoadShard", out, () -> {
            node.loadShard(collection(catalog, request.getCollectionId()), request.getShard());
            return Ack.getDefaultInstance();
        });
    }

    @Override
    public void releaseShard(ShardRequest request, StreamObserver<Ack> out) {
        RpcErrors.serve("ReleaseShard", out, () -> {
            node.releaseShard(request.getCollectionId(), request.getShard());
            return Ack.getDefaultInstance();
        });
    }

    @Override
    public void loadProgress(ShardRequest request, StreamObserver<LoadProgressResponse> out) {
        RpcErrors.serve("LoadProgress", out, () -> LoadProgressResponse.newBuilder()
                .setPercent(node.loadProgress(request.getCollectionId(), request.getShard()))
                .build());
    }

    @Override
    public void search(SearchRequest request, StreamObserver<SearchResponse> out) {
        RpcErrors.serve("Search", out, () -> NodeMessages.toProto(node.search(NodeMessages.searchRequest(request))));
    }

    @Override
    public void query(QueryRequest request, StreamObserver<QueryResponse> out) {
        RpcErrors.serve("Query", out, () -> NodeMessages.toProto(node.query(NodeMessages.queryRequest(request))));
    }

    @Override
    public void countRows(CountRowsRequest request, StreamObserver<CountRowsResponse> out) {
        RpcErrors.serve("CountRows", out, () -> {
            long count = node.countRows(
                    collection(catalog, request.getCollectionId()),
                    request.getShard(),
                    request.getTimestamp(),
                    Duration.ofNanos(request.getTimeoutNanos()));
            return CountRowsResponse.newBuilder().setCount(count).build();
        });
    }

    /** The collection with the given id, or COLLECTION_NOT_FOUND. */
    static CollectionInfo collection(Catalog catalog, long collectionId) {
        return catalog.findCollection(collectionId)
                .orElseThrow(() -> new QuiverException(
                        ErrorCode.COLLECTION_NOT_FOUND, "collection with id " + collectionId + " does not exist"));
    }
}
