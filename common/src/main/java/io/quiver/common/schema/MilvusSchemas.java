package io.quiver.common.schema;

import io.quiver.common.QuiverException;
import io.quiver.proto.milvus.KeyValuePair;
import java.util.ArrayList;
import java.util.List;

/** Converts schemas between Quiver's records and the Milvus API messages. */
public final class MilvusSchemas {
    /** Name of the hidden JSON field Milvus adds to collections with dynamic fields enabled. */
    public static final String DYNAMIC_FIELD = "$meta";

    /** Milvus numbers user fields from 100; 0 and 1 are its row-id and timestamp system fields. */
    public static final long FIRST_FIELD_ID = 100;

    private MilvusSchemas() {}

    /**
     * The schema of a CreateCollection request. Field ids are assigned from {@link #FIRST_FIELD_ID} in
     * order. The collection-level {@code autoID} flag (deprecated in Milvus) applies to the primary key.
     */
    public static CollectionSchema fromProto(io.quiver.proto.milvus.CollectionSchema proto) {
        List<FieldSchema> fields = new ArrayList<>();
        long nextId = FIRST_FIELD_ID;
        for (io.quiver.proto.milvus.FieldSchema field : proto.getFieldsList()) {
            if (field.getIsDynamic() || field.getName().equals(DYNAMIC_FIELD)) {
                continue;
            }
            QuiverException.check(
                    !field.getNullable(),
                    "field '%s' is nullable; nullable fields are not supported yet",
                    field.getName());
            QuiverException.check(
                    !field.getIsPartitionKey(),
                    "field '%s' is a partition key; partition keys are not supported yet",
                    field.getName());
            DataType type = DataType.fromMilvusNumber(field.getDataTypeValue(), field.getName());
            boolean autoId = field.getAutoID() || (field.getIsPrimaryKey() && proto.getAutoID());
            fields.add(new FieldSchema(
                    nextId++,
                    field.getName(),
                    type,
                    field.getIsPrimaryKey(),
                    autoId,
                    type.isVector() ? intParam(field, "dim") : 0,
                    type == DataType.VARCHAR ? intParam(field, "max_length") : 0,
                    field.getDescription()));
        }
        return new CollectionSchema(proto.getName(), proto.getDescription(), fields);
    }

    /**
     * The schema as DescribeCollection reports it. Like Milvus, it does not list the hidden
     * {@link #DYNAMIC_FIELD}: the SDKs treat every listed field as one each row must provide.
     */
    public static io.quiver.proto.milvus.CollectionSchema toProto(CollectionSchema schema, boolean dynamicField) {
        var builder = io.quiver.proto.milvus.CollectionSchema.newBuilder()
                .setName(schema.name())
                .setDescription(schema.description())
                .setAutoID(schema.primaryKey().autoId())
                .setEnableDynamicField(dynamicField);
        for (FieldSchema field : schema.fields()) {
            builder.addFields(toProto(field));
        }
        return builder.build();
    }

    public static io.quiver.proto.milvus.FieldSchema toProto(FieldSchema field) {
        var builder = io.quiver.proto.milvus.FieldSchema.newBuilder()
                .setFieldID(field.id())
                .setName(field.name())
                .setDataTypeValue(field.dataType().milvusNumber())
                .setIsPrimaryKey(field.primaryKey())
                .setAutoID(field.autoId())
                .setDescription(field.description());
        if (field.dataType().isVector()) {
            builder.addTypeParams(pair("dim", field.dimension()));
        }
        if (field.dataType() == DataType.VARCHAR) {
            builder.addTypeParams(pair("max_length", field.maxLength()));
        }
        return builder.build();
    }

    private static KeyValuePair pair(String key, int value) {
        return KeyValuePair.newBuilder()
                .setKey(key)
                .setValue(Integer.toString(value))
                .build();
    }

    private static int intParam(io.quiver.proto.milvus.FieldSchema field, String key) {
        for (KeyValuePair pair : field.getTypeParamsList()) {
            if (pair.getKey().equals(key)) {
                try {
                    return Integer.parseInt(pair.getValue().trim());
                } catch (NumberFormatException e) {
                    throw QuiverException.invalid(
                            "field '%s' has %s '%s', which is not an integer", field.getName(), key, pair.getValue());
                }
            }
        }
        throw new QuiverException(
                io.quiver.common.ErrorCode.MISSING_ARGUMENT,
                "field '" + field.getName() + "' of type " + field.getDataType() + " needs the type parameter '" + key
                        + "'");
    }
}
