package io.quiver.coordinator.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.index.IndexSpec;
import io.quiver.common.index.IndexType;
import io.quiver.common.index.MetricType;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.FieldSchema;
import io.quiver.common.schema.MilvusSchemas;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.ConsistencyLevel;
import io.quiver.coordinator.IndexInfo;
import io.quiver.coordinator.PartitionInfo;
import io.quiver.coordinator.SegmentInfo;
import io.quiver.proto.catalog.CollectionRecord;
import io.quiver.proto.catalog.IndexRecord;
import io.quiver.proto.catalog.PartitionRecord;
import io.quiver.proto.catalog.SegmentRecord;
import io.quiver.wal.LogPosition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Converts catalog values to and from their stored protobuf records (format version 1). */
final class CatalogRecords {
    static final int FORMAT_VERSION = 1;

    private CatalogRecords() {}

    static byte[] encode(CollectionInfo info) {
        var builder = CollectionRecord.newBuilder()
                .setFormatVersion(FORMAT_VERSION)
                .setId(info.id())
                .setDatabase(info.database())
                .setSchema(MilvusSchemas.toProto(info.schema(), info.dynamicField()))
                .addAllChannels(info.channels())
                .setConsistencyLevel(info.consistencyLevel().milvusNumber())
                .setCreatedTs(info.createdTs())
                .putAllProperties(info.properties())
                .setLoaded(info.loaded());
        for (PartitionInfo partition : info.partitions()) {
            builder.addPartitions(PartitionRecord.newBuilder()
                    .setId(partition.id())
                    .setName(partition.name())
                    .setCreatedTs(partition.createdTs()));
        }
        return builder.build().toByteArray();
    }

    static CollectionInfo decodeCollection(String key, byte[] bytes) {
        CollectionRecord record = parse(key, () -> CollectionRecord.parseFrom(bytes));
        checkVersion(key, record.getFormatVersion());
        return new CollectionInfo(
                record.getId(),
                record.getDatabase(),
                withStoredFieldIds(MilvusSchemas.fromProto(record.getSchema()), record.getSchema()),
                record.getChannelsList(),
                ConsistencyLevel.fromMilvusNumber(record.getConsistencyLevel()),
                record.getCreatedTs(),
                record.getPartitionsList().stream()
                        .map(p -> new PartitionInfo(p.getId(), p.getName(), p.getCreatedTs()))
                        .toList(),
                record.getPropertiesMap(),
                record.getSchema().getEnableDynamicField(),
                record.getLoaded());
    }

    /**
     * {@link MilvusSchemas#fromProto} numbers fields from 100 as for a CreateCollection request; a stored
     * schema keeps the ids it was created with, which its binlog paths depend on.
     */
    private static CollectionSchema withStoredFieldIds(
            CollectionSchema decoded, io.quiver.proto.milvus.CollectionSchema stored) {
        Map<String, Long> storedIds = new HashMap<>();
        stored.getFieldsList().forEach(field -> storedIds.put(field.getName(), field.getFieldID()));
        List<FieldSchema> fields = decoded.fields().stream()
                .map(f -> new FieldSchema(
                        storedIds.get(f.name()),
                        f.name(),
                        f.dataType(),
                        f.primaryKey(),
                        f.autoId(),
                        f.dimension(),
                        f.maxLength(),
                        f.description()))
                .toList();
        return new CollectionSchema(decoded.name(), decoded.description(), fields);
    }

    static byte[] encode(IndexInfo info) {
        return IndexRecord.newBuilder()
                .setFormatVersion(FORMAT_VERSION)
                .setId(info.id())
                .setCollectionId(info.collectionId())
                .setFieldName(info.fieldName())
                .setIndexName(info.indexName())
                .setIndexType(info.spec().type().name())
                .setMetricType(info.spec().metric().name())
                .setM(info.spec().m())
                .setEfConstruction(info.spec().efConstruction())
                .putAllParams(info.params())
                .setCreatedTs(info.createdTs())
                .build()
                .toByteArray();
    }

    static IndexInfo decodeIndex(String key, byte[] bytes, java.util.function.ToIntFunction<String> dimensionOfField) {
        IndexRecord record = parse(key, () -> IndexRecord.parseFrom(bytes));
        checkVersion(key, record.getFormatVersion());
        IndexSpec spec = new IndexSpec(
                IndexType.parse(record.getIndexType()),
                MetricType.parse(record.getMetricType()),
                dimensionOfField.applyAsInt(record.getFieldName()),
                record.getM(),
                record.getEfConstruction());
        return new IndexInfo(
                record.getId(),
                record.getCollectionId(),
                record.getFieldName(),
                record.getIndexName(),
                spec,
                record.getParamsMap(),
                record.getCreatedTs());
    }

    static byte[] encode(SegmentInfo info) {
        return SegmentRecord.newBuilder()
                .setFormatVersion(FORMAT_VERSION)
                .setId(info.id())
                .setCollectionId(info.collectionId())
                .setPartitionId(info.partitionId())
                .setShard(info.shard())
                .setStartPosition(ByteString.copyFrom(info.start().bytes()))
                .setEndPosition(ByteString.copyFrom(info.end().bytes()))
                .setRowCount(info.rowCount())
                .setDeleteCount(info.deleteCount())
                .setSizeBytes(info.sizeBytes())
                .putAllIndexFiles(info.indexFiles())
                .build()
                .toByteArray();
    }

    static SegmentInfo decodeSegment(String key, byte[] bytes) {
        SegmentRecord record = parse(key, () -> SegmentRecord.parseFrom(bytes));
        checkVersion(key, record.getFormatVersion());
        return new SegmentInfo(
                record.getId(),
                record.getCollectionId(),
                record.getPartitionId(),
                record.getShard(),
                new LogPosition(record.getStartPosition().toByteArray()),
                new LogPosition(record.getEndPosition().toByteArray()),
                record.getRowCount(),
                record.getDeleteCount(),
                record.getSizeBytes(),
                record.getIndexFilesMap());
    }

    private interface Parser<T> {
        T parse() throws InvalidProtocolBufferException;
    }

    private static <T> T parse(String key, Parser<T> parser) {
        try {
            return parser.parse();
        } catch (InvalidProtocolBufferException e) {
            throw new QuiverException(
                    ErrorCode.CORRUPT_DATA, "catalog record '" + key + "' is unreadable: " + e.getMessage(), e);
        }
    }

    private static void checkVersion(String key, int version) {
        if (version != FORMAT_VERSION) {
            throw new QuiverException(
                    ErrorCode.CORRUPT_DATA,
                    "catalog record '" + key + "' has format version " + version + "; this build reads version "
                            + FORMAT_VERSION);
        }
    }
}
