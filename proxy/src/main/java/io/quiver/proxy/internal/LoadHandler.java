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
import java.time.Duration;

/**
 * Loading and releasing. Partitions load with their collection: LoadPartitions loads the whole
 * collection, ReleasePartitions releases it.
 *
 * <p>A load returns once every shard serves reads, or after {@code loadWait} while a large collection
 * still loads (clients then poll GetLoadingProgress, as the SDKs do). So a collection that loads quickly,
 * such as the SDK's quick-setup collection (created, then loaded without waiting), is loaded when the
 * call returns, whether its shards are served in this process or by query nodes elsewhere.
 */
public final class LoadHandler {
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    private final Coordinator coordinator;
    private final Duration loadWait;

    /** @param loadWait the longest a load call waits for the collection to serve reads */
    public LoadHandler(Coordinator coordinator, Duration loadWait) {
        this.coordinator = coordinator;
        this.loadWait = loadWait;
    }

    public Status loadCollection(LoadCollectionRequest request) {
        load(collection(request.getDbName(), request.getCollectionName()));
        return Statuses.OK;
    }

    public Status loadPartitions(LoadPartitionsRequest request) {
        CollectionInfo collection = collection(request.getDbName(), request.getCollectionName());
        request.getPartitionNamesList().forEach(collection::partition);
        load(collection);
        return Statuses.OK;
    }

    private void load(CollectionInfo collection) {
        coordinator.loadCollection(collection);
        long deadline = System.nanoTime() + loadWait.toNanos();
        while (coordinator.loadProgress(collection) < 100 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // loading goes on; the caller polls the progress
            }
        }
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
