package io.quiver.proxy.internal;

import io.quiver.common.QuiverException;
import io.quiver.common.data.Column;
import io.quiver.common.data.MilvusFieldData;
import io.quiver.common.data.PrimaryKeys;
import io.quiver.common.expr.FilterParser;
import io.quiver.common.schema.FieldSchema;
import io.quiver.common.wal.WalEntries;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.Coordinator;
import io.quiver.coordinator.PartitionInfo;
import io.quiver.proto.milvus.DeleteRequest;
import io.quiver.proto.milvus.FieldData;
import io.quiver.proto.milvus.FlushRequest;
import io.quiver.proto.milvus.FlushResponse;
import io.quiver.proto.milvus.GetFlushStateRequest;
import io.quiver.proto.milvus.GetFlushStateResponse;
import io.quiver.proto.milvus.InsertRequest;
import io.quiver.proto.milvus.LongArray;
import io.quiver.proto.milvus.MutationResult;
import io.quiver.proto.milvus.UpsertRequest;
import io.quiver.proto.wal.DeleteBody;
import io.quiver.proto.wal.InsertBody;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Insert, upsert, delete and flush: validate, route by primary key, stamp, append, acknowledge. */
public final class DmlHandler {
    private final Coordinator coordinator;
    private final WriteStamper stamper;
    private final SearchHandler reads;

    public DmlHandler(Coordinator coordinator, WriteStamper stamper, SearchHandler reads) {
        this.coordinator = coordinator;
        this.stamper = stamper;
        this.reads = reads;
    }

    public MutationResult insert(InsertRequest request) {
        CollectionInfo collection = collection(request.getDbName(), request.getCollectionName());
        InsertRows rows = InsertRows.validate(
                collection, request.getFieldsDataList(), request.getNumRows(), false, coordinator.idAllocator());
        long ts = write(collection, partition(collection, request.getPartitionName()), rows);
        return MutationResult.newBuilder()
                .setStatus(Statuses.OK)
                .setIDs(MilvusFieldData.toIds(rows.primaryKeys()))
                .setInsertCnt(rows.numRows())
                .setTimestamp(ts)
                .build();
    }

    /** Upsert is an insert: primary keys are unique, the newest version wins. */
    public MutationResult upsert(UpsertRequest request) {
        CollectionInfo collection = collection(request.getDbName(), request.getCollectionName());
        InsertRows rows = InsertRows.validate(
                collection, request.getFieldsDataList(), request.getNumRows(), true, coordinator.idAllocator());
        long ts = write(collection, partition(collection, request.getPartitionName()), rows);
        return MutationResult.newBuilder()
                .setStatus(Statuses.OK)
                .setIDs(MilvusFieldData.toIds(rows.primaryKeys()))
                .setUpsertCnt(rows.numRows())
                .setTimestamp(ts)
                .build();
    }

    /** Deletes the rows matching the filter, as evaluated at a fresh timestamp (Strong). */
    public MutationResult delete(DeleteRequest request) {
        CollectionInfo collection = collection(request.getDbName(), request.getCollectionName());
        QuiverException.check(!request.getExpr().isBlank(), "delete needs a filter expression");
        FilterTemplates.rejectIfPresent(request.getExprTemplateValuesCount());
        FilterParser.parse(request.getExpr(), collection.schema());
        List<String> partitions =
                request.getPartitionName().isEmpty() ? List.of() : List.of(request.getPartitionName());
        Column keys = reads.matchingKeys(collection, request.getExpr(), partitions);
        if (keys.size() == 0) {
            return MutationResult.newBuilder()
                    .setStatus(Statuses.OK)
                    .setIDs(MilvusFieldData.toIds(keys))
                    .setTimestamp(coordinator.timestampOracle().allocate())
                    .build();
        }
        Map<Integer, List<Integer>> rowsByShard = route(keys, collection.shards());
        Map<String, List<byte[]>> bodies = new HashMap<>();
        rowsByShard.forEach((shard, rows) -> {
            Column shardKeys =
                    keys.select(rows.stream().mapToInt(Integer::intValue).toArray());
            DeleteBody body = DeleteBody.newBuilder()
                    .setCollectionId(collection.id())
                    .setShard(shard)
                    .setPrimaryKeys(MilvusFieldData.toIds(shardKeys))
                    .build();
            bodies.computeIfAbsent(collection.channels().get(shard), c -> new ArrayList<>())
                    .add(WalEntries.deleteBody(body));
        });
        long ts = stamper.write(bodies);
        return MutationResult.newBuilder()
                .setStatus(Statuses.OK)
                .setIDs(MilvusFieldData.toIds(keys))
                .setDeleteCnt(keys.size())
                .setTimestamp(ts)
                .build();
    }

    public FlushResponse flush(FlushRequest request) {
        String database = RequestParams.database(request.getDbName());
        FlushResponse.Builder response =
                FlushResponse.newBuilder().setStatus(Statuses.OK).setDbName(database);
        for (String name : request.getCollectionNamesList()) {
            CollectionInfo collection = collection(database, name);
            coordinator.flush(collection);
            LongArray.Builder segmentIds = LongArray.newBuilder();
            coordinator.catalog().segments(collection.id()).forEach(s -> segmentIds.addData(s.id()));
            response.putCollSegIDs(name, segmentIds.build());
            response.putFlushCollSegIDs(name, segmentIds.build());
            response.putCollFlushTs(name, coordinator.timestampOracle().allocate());
            response.putCollSealTimes(name, System.currentTimeMillis() / 1000);
        }
        return response.build();
    }

    /** Flush is synchronous: once Flush has answered, everything it covered is flushed. */
    public GetFlushStateResponse flushState(GetFlushStateRequest request) {
        return GetFlushStateResponse.newBuilder()
                .setStatus(Statuses.OK)
                .setFlushed(true)
                .build();
    }

    private long write(CollectionInfo collection, PartitionInfo partition, InsertRows rows) {
        Map<String, List<byte[]>> bodies = new HashMap<>();
        Map<Integer, List<Integer>> rowsByShard = route(rows.primaryKeys(), collection.shards());
        rowsByShard.forEach((shard, rowList) -> {
            int[] selected = rowList.size() == rows.numRows()
                    ? null
                    : rowList.stream().mapToInt(Integer::intValue).toArray();
            InsertBody.Builder body = InsertBody.newBuilder()
                    .setCollectionId(collection.id())
                    .setPartitionId(partition.id())
                    .setShard(shard)
                    .setNumRows(rowList.size());
            for (FieldSchema field : collection.schema().fields()) {
                FieldData original = rows.requestFields().get(field.name());
                if (selected == null && original != null) {
                    body.addFields(original.toBuilder()
                            .setFieldId(field.id())
                            .setTypeValue(field.dataType().milvusNumber()));
                    continue;
                }
                Column column = rows.columns().get(field.name());
                body.addFields(MilvusFieldData.toFieldData(selected == null ? column : column.select(selected), field));
            }
            bodies.computeIfAbsent(collection.channels().get(shard), c -> new ArrayList<>())
                    .add(WalEntries.insertBody(body.build()));
        });
        return stamper.write(bodies);
    }

    private static Map<Integer, List<Integer>> route(Column keys, int shards) {
        Map<Integer, List<Integer>> rowsByShard = new HashMap<>();
        for (int row = 0; row < keys.size(); row++) {
            int shard = shards == 1 ? 0 : ShardRouter.shardOf(PrimaryKeys.get(keys, row), shards);
            rowsByShard.computeIfAbsent(shard, s -> new ArrayList<>()).add(row);
        }
        return rowsByShard;
    }

    private CollectionInfo collection(String database, String name) {
        return coordinator.catalog().collection(RequestParams.database(database), name);
    }

    private static PartitionInfo partition(CollectionInfo collection, String name) {
        return name == null || name.isEmpty() ? collection.defaultPartition() : collection.partition(name);
    }
}
