package io.quiver.proxy.internal;

import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.Coordinator;
import io.quiver.proto.milvus.GetLoadStateRequest;
import io.quiver.proto.milvus.GetLoadStateResponse;
import io.quiver.proto.milvus.GetLoadingProgressRequest;
import io.quiver.proto.milvus.GetLoadingProgressResponse;
import io.quiver.proto.milvus.LoadCollectionRequest;
import io.quiver.proto.milvus.LoadPartitionsRequest;
import io.quiver.proto.milvus.LoadState;
import io.quiver.proto.milvus.ReleaseCollectionRequest;
import io.quiver.proto.milvus.ReleasePartitionsRequest;
import io.quiver.proto.milvus.Status;

/**
 * Loading and releasing. Partitions load with their collection: LoadPartitions loads the whole
 * collection, ReleasePartitions releases it.
 */
public final class LoadHandler {
    private final Coordinator coordinator;

    public LoadHandler(Coordinator coordinator) {
        this.coordinator = coordinator;
    }

    public Status loadCollection(LoadCollectionRequest request) {
        coordinator.loadCollection(collection(request.getDbName(), request.getCollectionName()));
        return Statuses.OK;
    }

    public Status loadPartitions(LoadPartitionsRequest request) {
        CollectionInfo collection = collection(request.getDbName(), request.getCollectionName());
        request.getPartitionNamesList().forEach(collection::partition);
        coordinator.loadCollection(collection);
        return Statuses.OK;
    }

    public Status releaseCollection(ReleaseCollectionRequest request) {
        coordinator.releaseCollection(collection(request.getDbName(), request.getCollectionName()));
        return Statuses.OK;
    }

    public Status releasePartitions(ReleasePartitionsRequest request) {
        CollectionInfo collection = collection(request.getDbName(), request.getCollectionName());
        request.getPartitionNamesList().forEach(collection::partition);
        coordinator.releaseCollection(collection);
        return Statuses.OK;
    }

    public GetLoadingProgressResponse loadingProgress(GetLoadingProgressRequest request) {
        CollectionInfo collection = collection(request.getDbName(), request.getCollectionName());
        int progress = collection.loaded() ? coordinator.loadProgress(collection) : 0;
        return GetLoadingProgressResponse.newBuilder()
                .setStatus(Statuses.OK)
                .setProgress(progress)
                .setRefreshProgress(progress)
                .build();
    }

    public GetLoadStateResponse loadState(GetLoadStateRequest request) {
        CollectionInfo collection = collection(request.getDbName(), request.getCollectionName());
        LoadState state = !collection.loaded()
                ? LoadState.LoadStateNotLoad
                : coordinator.loadProgress(collection) == 100 ? LoadState.LoadStateLoaded : LoadState.LoadStateLoading;
        return GetLoadStateResponse.newBuilder()
                .setStatus(Statuses.OK)
                .setState(state)
                .build();
    }

    private CollectionInfo collection(String database, String name) {
        return coordinator.catalog().collection(RequestParams.database(database), name);
    }
}
