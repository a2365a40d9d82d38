package io.quiver.coordinator.rpc;

import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.node.QueryNodeService;
import io.quiver.coordinator.node.ShardQueryRequest;
import io.quiver.coordinator.node.ShardQueryResult;
import io.quiver.coordinator.node.ShardSearchRequest;
import io.quiver.coordinator.node.ShardSearchResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A query node that records its calls and answers with the results a test set; {@link #failure}, when set,
 * is thrown by every call.
 */
final class RecordingQueryNode implements QueryNodeService {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Object> requests = new CopyOnWriteArrayList<>();
    volatile ShardSearchResult searchResult = new ShardSearchResult(List.of());
    volatile ShardQueryResult queryResult;
    volatile int progress = 100;
    volatile long count;
    volatile RuntimeException failure;

    @Override
    public void loadShard(CollectionInfo collection, int shard) {
        record("load " + collection.id() + "/" + shard + " '" + collection.name() + "'");
    }

    @Override
    public void releaseShard(long collectionId, int shard) {
        record("release " + collectionId + "/" + shard);
    }

    @Override
    public int loadProgress(long collectionId, int shard) {
        record("progress " + collectionId + "/" + shard);
        return progress;
    }

    @Override
    public ShardSearchResult search(ShardSearchRequest request) {
        record("search " + request.collectionId() + "/" + request.shard());
        requests.add(request);
        return searchResult;
    }

    @Override
    public long countRows(CollectionInfo collection, int shard, long timestamp, Duration timeout) {
        record("count " + collection.id() + "/" + shard + " at " + timestamp + " within " + timeout.toMillis() + " ms");
        return count;
    }

    @Override
    public ShardQueryResult query(ShardQueryRequest request) {
        record("query " + request.collectionId() + "/" + request.shard());
        requests.add(request);
        return queryResult;
    }

    private void record(String call) {
        RuntimeException e = failure;
        if (e != null) {
            throw e;
        }
        calls.add(call);
    }
}
