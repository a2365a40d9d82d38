package io.quiver.proxy.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.quiver.common.QuiverException;
import io.quiver.common.Timestamps;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.MilvusSchemas;
import io.quiver.coordinator.Catalog;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.ConsistencyLevel;
import io.quiver.coordinator.Coordinator;
import io.quiver.coordinator.PartitionInfo;
import io.quiver.proto.milvus.BoolResponse;
import io.quiver.proto.milvus.CreateCollectionRequest;
import io.quiver.proto.milvus.CreatePartitionRequest;
import io.quiver.proto.milvus.DescribeCollectionRequest;
import io.quiver.proto.milvus.DescribeCollectionResponse;
import io.quiver.proto.milvus.DropCollectionRequest;
import io.quiver.proto.milvus.DropPartitionRequest;
import io.quiver.proto.milvus.GetCollectionStatisticsRequest;
import io.quiver.proto.milvus.GetCollectionStatisticsResponse;
import io.quiver.proto.milvus.HasCollectionRequest;
import io.quiver.proto.milvus.HasPartitionRequest;
import io.quiver.proto.milvus.KeyValuePair;
import io.quiver.proto.milvus.ShowCollectionsRequest;
import io.quiver.proto.milvus.ShowCollectionsResponse;
import io.quiver.proto.milvus.ShowPartitionsRequest;
import io.quiver.proto.milvus.ShowPartitionsResponse;
import io.quiver.proto.milvus.Status;
import java.util.LinkedHashMap;
import java.util.Map;

/** Collections and partitions: create, drop, describe, list, statistics. */
public final class DdlHandler {
    private final Coordinator coordinator;
    private final SearchHandler reads;

    public DdlHandler(Coordinator coordinator, SearchHandler reads) {
        this.coordinator = coordinator;
        this.reads = reads;
    }

    private Catalog catalog() {
        return coordinator.catalog();
    }

    public Status createCollection(CreateCollectionRequest request) {
        io.quiver.proto.milvus.CollectionSchema proto;
        try {
            proto = io.quiver.proto.milvus.CollectionSchema.parseFrom(request.getSchema());
        } catch (InvalidProtocolBufferException e) {
            throw QuiverException.invalid("the collection schema is malformed: %s", e.getMessage());
        }
        QuiverException.check(proto.getFunctionsCount() == 0, "schema functions are not supported yet");
        QuiverException.check(proto.getStructArrayFieldsCount() == 0, "struct array fields are not supported yet");
        if (!request.getCollectionName().isEmpty() && !proto.getName().isEmpty()) {
            QuiverException.check(
                    request.getCollectionName().equals(proto.getName()),
                    "collection name '%s' differs from the schema's name '%s'",
                    request.getCollectionName(),
                    proto.getName());
        }
        if (proto.getName().isEmpty()) {
            proto = proto.toBuilder().setName(request.getCollectionName()).build();
        }
        CollectionSchema schema = MilvusSchemas.fromProto(proto);
        Map<String, String> properties = new LinkedHashMap<>();
        for (KeyValuePair pair : request.getPropertiesList()) {
            properties.put(pair.getKey(), pair.getValue());
        }
        int shards = request.getShardsNum() <= 0 ? 1 : request.getShardsNum();
        catalog()
                .createCollection(
                        RequestParams.database(request.getDbName()),
                        schema,
                        shards,
                        ConsistencyLevel.fromMilvusNumber(request.getConsistencyLevelValue()),
                        properties,
                        proto.getEnableDynamicField());
        return Statuses.OK;
    }

    public Status dropCollection(DropCollectionRequest request) {
        String database = RequestParams.database(request.getDbName());
        coordinator.releaseCollection(catalog().collection(database, request.getCollectionName()));
        catalog().dropCollection(database, request.getCollectionName());
        return Statuses.OK;
    }

    public BoolResponse hasCollection(HasCollectionRequest request) {
        boolean exists = catalog()
                .findCollection(RequestParams.database(request.getDbName()), request.getCollectionName())
                .isPresent();
        return BoolResponse.newBuilder().setStatus(Statuses.OK).setValue(exists).build();
    }

    public DescribeCollectionResponse describeCollection(DescribeCollectionRequest request) {
        String database = RequestParams.database(request.getDbName());
        CollectionInfo collection =
                request.getCollectionID() > 0 && request.getCollectionName().isEmpty()
                        ? catalog()
                                .findCollection(request.getCollectionID())
                                .orElseThrow(() -> new QuiverException(
                                        io.quiver.common.ErrorCode.COLLECTION_NOT_FOUND,
                                        "collection " + request.getCollectionID() + " does not exist"))
                        : catalog().collection(database, request.getCollectionName());
        var builder = DescribeCollectionResponse.newBuilder()
                .setStatus(Statuses.OK)
                .setSchema(MilvusSchemas.toProto(collection.schema(), collection.dynamicField()))
                .setCollectionID(collection.id())
                .setCreatedTimestamp(collection.createdTs())
                .setCreatedUtcTimestamp(Timestamps.physicalMillis(collection.createdTs()))
                .setUpdateTimestamp(collection.createdTs())
                .setShardsNum(collection.shards())
                .setConsistencyLevelValue(collection.consistencyLevel().milvusNumber())
                .setCollectionName(collection.name())
                .setDbName(collection.database())
                .setNumPartitions(collection.partitions().size());
        for (int shard = 0; shard < collection.shards(); shard++) {
            builder.addVirtualChannelNames(collection.channels().get(shard) + "_" + collection.id() + "v" + shard);
            builder.addPhysicalChannelNames(collection.channels().get(shard));
        }
        collection
                .properties()
                .forEach((k, v) -> builder.addProperties(
                        KeyValuePair.newBuilder().setKey(k).setValue(v)));
        return builder.build();
    }

    public ShowCollectionsResponse showCollections(ShowCollectionsRequest request) {
        var builder = ShowCollectionsResponse.newBuilder().setStatus(Statuses.OK);
        for (CollectionInfo collection : catalog().collections(RequestParams.database(request.getDbName()))) {
            if (!request.getCollectionNamesList().isEmpty()
                    && !request.getCollectionNamesList().contains(collection.name())) {
                continue;
            }
            builder.addCollectionNames(collection.name())
                    .addCollectionIds(collection.id())
                    .addCreatedTimestamps(collection.createdTs())
                    .addCreatedUtcTimestamps(Timestamps.physicalMillis(collection.createdTs()))
                    .addQueryServiceAvailable(collection.loaded())
                    .addShardsNum(collection.shards());
        }
        return builder.build();
    }

    /**
     * The exact number of live rows (after deletes and upserts). An unloaded collection is read
     * transiently by the query nodes for this, which takes time proportional to its size.
     */
    public GetCollectionStatisticsResponse collectionStatistics(GetCollectionStatisticsRequest request) {
        CollectionInfo collection =
                catalog().collection(RequestParams.database(request.getDbName()), request.getCollectionName());
        long rows = reads.count(collection);
        return GetCollectionStatisticsResponse.newBuilder()
                .setStatus(Statuses.OK)
                .addStats(KeyValuePair.newBuilder().setKey("row_count").setValue(Long.toString(rows)))
                .build();
    }

    public Status createPartition(CreatePartitionRequest request) {
        catalog()
                .createPartition(
                        RequestParams.database(request.getDbName()),
                        request.getCollectionName(),
                        request.getPartitionName());
        return Statuses.OK;
    }

    public Status dropPartition(DropPartitionRequest request) {
        catalog()
                .dropPartition(
                        RequestParams.database(request.getDbName()),
                        request.getCollectionName(),
                        request.getPartitionName());
        return Statuses.OK;
    }

    public BoolResponse hasPartition(HasPartitionRequest request) {
        CollectionInfo collection =
                catalog().collection(RequestParams.database(request.getDbName()), request.getCollectionName());
        boolean exists = collection.findPartition(request.getPartitionName()).isPresent();
        return BoolResponse.newBuilder().setStatus(Statuses.OK).setValue(exists).build();
    }

    public ShowPartitionsResponse showPartitions(ShowPartitionsRequest request) {
        CollectionInfo collection =
                catalog().collection(RequestParams.database(request.getDbName()), request.getCollectionName());
        var builder = ShowPartitionsResponse.newBuilder().setStatus(Statuses.OK);
        for (PartitionInfo partition : collection.partitions()) {
            builder.addPartitionNames(partition.name())
                    .addPartitionIDs(partition.id())
                    .addCreatedTimestamps(partition.createdTs())
                    .addCreatedUtcTimestamps(Timestamps.physicalMillis(partition.createdTs()));
        }
        return builder.build();
    }
}
