package io.quiver.coordinator.cluster;

import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.NodeAddress;
import io.quiver.coordinator.node.QueryNodeService;
import io.quiver.coordinator.node.ShardQueryRequest;
import io.quiver.coordinator.node.ShardQueryResult;
import io.quiver.coordinator.node.ShardSearchRequest;
import io.quiver.coordinator.node.ShardSearchResult;
import io.quiver.coordinator.node.WriteNodeService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Query and write nodes that record what the coordinator asked of them; loading finishes on demand. */
final class FakeNodes implements NodeClients {
    final Map<String, FakeQueryNode> queryNodes = new ConcurrentHashMap<>();
    final List<String> flushes = new CopyOnWriteArrayList<>();
    volatile boolean loadsFinishAtOnce = true;

    @Override
    public QueryNodeService queryNode(NodeAddress address) {
        return queryNodes.computeIfAbsent(address.nodeId(), id -> new FakeQueryNode());
    }

    @Override
    public WriteNodeService writeNode(NodeAddress address) {
        return (collectionId, timestamp) -> flushes.add(address.nodeId() + ":" + collectionId);
    }

    Set<ShardKey> served(String nodeId) {
        return queryNode(new NodeAddress(nodeId, "127.0.0.1", 1)) instanceof FakeQueryNode node
                ? Set.copyOf(node.progress.keySet())
                : Set.of();
    }

    void finishLoading(String nodeId) {
        ((FakeQueryNode) queryNode(new NodeAddress(nodeId, "127.0.0.1", 1)))
                .progress.replaceAll((shard, progress) -> 100);
    }

    final class FakeQueryNode implements QueryNodeService {
        final Map<ShardKey, Integer> progress = new ConcurrentHashMap<>();

        @Override
        public void loadShard(CollectionInfo collection, int shard) {
            progress.putIfAbsent(new ShardKey(collection.id(), shard), loadsFinishAtOnce ? 100 : 10);
        }

        @Override
        public void releaseShard(long collectionId, int shard) {
            progress.remove(new ShardKey(collectionId, shard));
        }

        @Override
        public int loadProgress(long collectionId, int shard) {
            return progress.getOrDefault(new ShardKey(collectionId, shard), 0);
        }

        @Override
        public ShardSearchResult search(ShardSearchRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long countRows(CollectionInfo collection, int shard, long timestamp, Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ShardQueryResult query(ShardQueryRequest request) {
            throw new UnsupportedOperationException();
        }
    }
}
