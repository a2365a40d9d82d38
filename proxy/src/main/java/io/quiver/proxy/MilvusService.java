package io.quiver.proxy;

import io.grpc.stub.StreamObserver;
import io.quiver.common.QuiverException;
import io.quiver.proto.milvus.*;
import io.quiver.proxy.internal.AdminHandler;
import io.quiver.proxy.internal.DdlHandler;
import io.quiver.proxy.internal.DmlHandler;
import io.quiver.proxy.internal.IndexHandler;
import io.quiver.proxy.internal.LoadHandler;
import io.quiver.proxy.internal.SearchHandler;
import io.quiver.proxy.internal.Statuses;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Milvus gRPC API: a thin adapter from RPCs to the handlers, one per concern. Every failure becomes
 * a Milvus status in the response; RPCs not listed here answer UNIMPLEMENTED.
 */
public final class MilvusService extends MilvusServiceGrpc.MilvusServiceImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(MilvusService.class);

    private final AdminHandler admin;
    private final DdlHandler ddl;
    private final IndexHandler indexes;
    private final LoadHandler loads;
    private final DmlHandler dml;
    private final SearchHandler reads;

    MilvusService(
            AdminHandler admin,
            DdlHandler ddl,
            IndexHandler indexes,
            LoadHandler loads,
            DmlHandler dml,
            SearchHandler reads) {
        this.admin = admin;
        this.ddl = ddl;
        this.indexes = indexes;
        this.loads = loads;
        this.dml = dml;
        this.reads = reads;
    }

    // ---------------------------------------------------------------- admin

    @Override
    public void connect(ConnectRequest request, StreamObserver<ConnectResponse> out) {
        respond(out, admin::connect, s -> ConnectResponse.newBuilder()
                .setStatus(s)
                .build());
    }

    @Override
    public void getVersion(GetVersionRequest request, StreamObserver<GetVersionResponse> out) {
        respond(out, admin::version, s -> GetVersionResponse.newBuilder()
                .setStatus(s)
                .build());
    }

    @Override
    public void checkHealth(CheckHealthRequest request, StreamObserver<CheckHealthResponse> out) {
        respond(out, admin::health, s -> CheckHealthResponse.newBuilder()
                .setStatus(s)
                .build());
    }

    @Override
    public void listDatabases(ListDatabasesRequest request, StreamObserver<ListDatabasesResponse> out) {
        respond(out, admin::databases, s -> ListDatabasesResponse.newBuilder()
                .setStatus(s)
                .build());
    }

    @Override
    public void allocTimestamp(AllocTimestampRequest request, StreamObserver<AllocTimestampResponse> out) {
        respond(out, admin::allocTimestamp, s -> AllocTimestampResponse.newBuilder()
                .setStatus(s)
                .build());
    }

    // ---------------------------------------------------------------- collections and partitions

    @Override
    public void createCollection(CreateCollectionRequest request, StreamObserver<Status> out) {
        respond(out, () -> ddl.createCollection(request), s -> s);
    }

    @Override
    public void dropCollection(DropCollectionRequest request, StreamObserver<Status> out) {
        respond(out, () -> ddl.dropCollection(request), s -> s);
    }

    @Override
    public void hasCollection(HasCollectionRequest request, StreamObserver<BoolResponse> out) {
        respond(out, () -> ddl.hasCollection(request), s -> BoolResponse.newBuilder()
                .setStatus(s)
                .build());
    }

    @Override
    public void describeCollection(DescribeCollectionRequest request, StreamObserver<DescribeCollectionResponse> out) {
        respond(out, () -> ddl.describeCollection(request), s -> DescribeCollectionResponse.newBuilder()
                .setStatus(s)
                .build());
    }

    @Override
    public void showCollections(ShowCollectionsRequest request, StreamObserver<ShowCollectionsResponse> out) {
        respond(out, () -> ddl.showCollections(request), s -> ShowCollectionsResponse.newBuilder()
                .setStatus(s)
                .build());
    }

    @Override
    public void getCollectionStatistics(
            GetCollectionStatisticsRequest request, StreamObserver<GetCollectionStatisticsResponse> out) {
        respond(out, () -> ddl.collectionStatistics(request), s -> GetCollectionStatisticsResponse.newBuilder()
                .setStatus(s)
                .build());
    }

    @Override
    public void createPartition(CreatePartitionRequest request, StreamObserver<Status> out) {
        respond(out, () -> ddl.createPartition(request), s -> s);
    }

    @Override
    public void dropPartition(DropPartitionRequest request, StreamObserver<Status> out) {
        respond(out, () -> ddl.dropPartition(request), s -> s);
    }

    @Override
    public void hasPartition(HasPartitionRequest request, StreamObserver<BoolResponse> out) {
        respond(out, () -> ddl.hasPartition(request), s -> BoolResponse.newBuilder()
                .setStatus(s)
                .build());
    }

    @Override
    public void showPartitions(ShowPartitionsRequest request, StreamObserver<ShowPartitionsResponse> out) {
        respond(out, () -> ddl.showPartitions(request), s -> ShowPartitionsResponse.newBuilder()
                .setStatus(s)
                .build());
    }

    // ---------------------------------------------------------------- indexes

    @Override
    public void createIndex(CreateIndexRequest request, StreamObserver<Status> out) {
        respond(out, () -> indexes.createIndex(request), s -> s);
    }

    @Override
    public void describeIndex(DescribeIndexRequest request, StreamObserver<DescribeIndexResponse> out) {
        respond(out, () -> indexes.describeIndex(request), s -> DescribeIndexResponse.newBuilder()
                .setStatus(s)
                .build());
    }

    @Override
    public void dropIndex(DropIndexRequest request, StreamObserver<Status> out) {
        respond(out, () -> indexes.dropIndex(request), s -> s);
    }

    // ---------------------------------------------------------------- load and release

    @Override
    public void loadCollection(LoadCollectionRequest request, StreamObserver<Status> out) {
        respond(out, () -> loads.loadCollection(request), s -> s);
    }

    @Override
    public void releaseCollection(ReleaseCollectionRequest request, StreamObserver<Status> out) {
        respond(out, () -> loads.releaseCollection(request), s -> s);
    }

    @Override
    public void loadPartitions(LoadPartitionsRequest request, StreamObserver<Status> out) {
        respond(out, () -> loads.loadPartitions(request), s -> s);
    }

    @Override
    public void releasePartitions(ReleasePartitionsRequest request, StreamObserver<Status> out) {
        respond(out, () -> loads.releasePartitions(request), s -> s);
    }

    @Override
    public void getLoadingProgress(GetLoadingProgressRequest request, StreamObserver<GetLoadingProgressResponse> out) {
        respond(out, () -> loads.loadingProgress(request), s -> GetLoadingProgressResponse.newBuilder()
                .setStatus(s)
                .build());
    }

    @Override
    public void getLoadState(GetLoadStateRequest request, StreamObserver<GetLoadStateResponse> out) {
        respond(out, () -> loads.loadState(request), s -> GetLoadStateResponse.newBuilder()
                .setStatus(s)
                .build());
    }

    // ---------------------------------------------------------------- writes

    @Override
    public void insert(InsertRequest request, StreamObserver<MutationResult> out) {
        respond(out, () -> dml.insert(request), s -> MutationResult.newBuilder()
                .setStatus(s)
                .build());
    }

    @Override
    public void upsert(UpsertRequest request, StreamObserver<MutationResult> out) {
        respond(out, () -> dml.upsert(request), s -> MutationResult.newBuilder()
                .setStatus(s)
                .build());
    }

    @Override
    public void delete(DeleteRequest request, StreamObserver<MutationResult> out) {
        respond(out, () -> dml.delete(request), s -> MutationResult.newBuilder()
                .setStatus(s)
                .build());
    }

    @Override
    public void flush(FlushRequest request, StreamObserver<FlushResponse> out) {
        respond(out, () -> dml.flush(request), s -> FlushResponse.newBuilder()
                .setStatus(s)
                .build());
    }

    @Override
    public void getFlushState(GetFlushStateRequest request, StreamObserver<GetFlushStateResponse> out) {
        respond(out, () -> dml.flushState(request), s -> GetFlushStateResponse.newBuilder()
                .setStatus(s)
                .build());
    }

    // ---------------------------------------------------------------- reads

    @Override
    public void search(SearchRequest request, StreamObserver<SearchResults> out) {
        respond(out, () -> reads.search(request), s -> SearchResults.newBuilder()
                .setStatus(s)
                .build());
    }

    @Override
    public void query(QueryRequest request, StreamObserver<QueryResults> out) {
        respond(out, () -> reads.query(request), s -> QueryResults.newBuilder()
                .setStatus(s)
                .build());
    }

    private static <T> void respond(StreamObserver<T> out, Supplier<T> call, Function<Status, T> onError) {
        T response;
        try {
            response = call.get();
        } catch (QuiverException e) {
            LOG.debug("request failed: {}", e.getMessage());
            response = onError.apply(Statuses.of(e));
        } catch (RuntimeException e) {
            LOG.error("request failed with an unexpected error", e);
            response = onError.apply(Statuses.of(e));
        }
        out.onNext(response);
        out.onCompleted();
    }
}
