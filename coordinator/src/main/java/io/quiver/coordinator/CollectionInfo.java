package io.quiver.coordinator;

import static java.util.Objects.requireNonNull;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.schema.CollectionSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A collection as the catalog knows it.
 *
 * @param channels the physical WAL channel of each shard (index = shard number)
 * @param dynamicField whether the collection was created with Milvus' dynamic field enabled
 */
public record CollectionInfo(
        long id,
        String database,
        CollectionSchema schema,
        List<String> channels,
        ConsistencyLevel consistencyLevel,
        long createdTs,
        List<PartitionInfo> partitions,
        Map<String, String> properties,
        boolean dynamicField,
        boolean loaded) {
    public CollectionInfo {
        requireNonNull(database, "database");
        requireNonNull(schema, "schema");
        requireNonNull(consistencyLevel, "consistencyLevel");
        channels = List.copyOf(channels);
        partitions = List.copyOf(partitions);
        properties = Map.copyOf(properties);
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("collection " + id + " has no shards");
        }
    }

    public String name() {
        return schema.name();
    }

    public int shards() {
        return channels.size();
    }

    public Optional<PartitionInfo> findPartition(String partitionName) {
        return partitions.stream().filter(p -> p.name().equals(partitionName)).findFirst();
    }

    public PartitionInfo partition(String partitionName) {
        return findPartition(partitionName)
                .orElseThrow(() -> new QuiverException(
                        ErrorCode.PARTITION_NOT_FOUND,
                        "partition '" + partitionName + "' does not exist in collection '" + name() + "'"));
    }

    public PartitionInfo defaultPartition() {
        return partitions.getFirst();
    }

    public CollectionInfo withPartitions(List<PartitionInfo> newPartitions) {
        return new CollectionInfo(
                id,
                database,
                schema,
                channels,
                consistencyLevel,
                createdTs,
                newPartitions,
                properties,
                dynamicField,
                loaded);
    }

    public CollectionInfo withLoaded(boolean newLoaded) {
        return new CollectionInfo(
                id,
                database,
                schema,
                channels,
                consistencyLevel,
                createdTs,
                partitions,
                properties,
                dynamicField,
                newLoaded);
    }
}
