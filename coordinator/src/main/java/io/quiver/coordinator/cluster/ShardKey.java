package io.quiver.coordinator.cluster;

/** One shard of one collection: the unit the coordinator places on a query node. */
public record ShardKey(long collectionId, int shard) implements Comparable<ShardKey> {
    public ShardKey {
        if (shard < 0) {
            throw new IllegalArgumentException("shard " + shard + " of collection " + collectionId + " is negative");
        }
    }

    @Override
    public int compareTo(ShardKey other) {
        int byCollection = Long.compare(collectionId, other.collectionId);
        return byCollection != 0 ? byCollection : Integer.compare(shard, other.shard);
    }

    @Override
    public String toString() {
        return collectionId + "/" + shard;
    }
}
