package io.quiver.proxy.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.index.MetricType;
import io.quiver.common.index.SearchParams;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.FieldSchema;
import io.quiver.coordinator.IndexInfo;
import io.quiver.proto.milvus.PlaceholderGroup;
import io.quiver.proto.milvus.PlaceholderType;
import io.quiver.proto.milvus.PlaceholderValue;
import io.quiver.proto.milvus.SearchRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** A SearchRequest's vectors and parameters, validated against the collection. */
record SearchInput(
        FieldSchema field,
        List<float[]> queries,
        int limit,
        int offset,
        MetricType metric,
        SearchParams params,
        int roundDecimal) {
    static final int MAX_TOP_K = 16_384;
    static final int MAX_NQ = 16_384;

    static SearchInput parse(SearchRequest request, CollectionSchema schema, List<IndexInfo> indexes) {
        RequestParams params = RequestParams.of(request.getSearchParamsList());
        FieldSchema field = vectorField(params, schema);
        int limit = params.getInt("topk", params.getInt("limit", 10, 1, MAX_TOP_K), 1, MAX_TOP_K);
        int offset = params.getInt("offset", 0, 0, MAX_TOP_K);
        QuiverException.check(
                limit + offset <= MAX_TOP_K, "limit %d plus offset %d is more than %d", limit, offset, MAX_TOP_K);
        IndexInfo index = indexes.stream()
                .filter(i -> i.fieldName().equals(field.name()))
                .findFirst()
                .orElse(null);
        MetricType metric = params.get("metric_type")
                .map(MetricType::parse)
                .orElse(index == null ? MetricType.L2 : index.spec().metric());
        if (index != null && index.spec().metric() != metric) {
            throw new QuiverException(
                    ErrorCode.METRIC_NOT_SUPPORTED,
                    "metric type " + metric + " does not match the index on field '" + field.name() + "' ("
                            + index.spec().metric() + ")");
        }
        int ef = params.getInt("ef", 0, 0, 1_000_000);
        int roundDecimal = params.getInt("round_decimal", -1, -1, 6);
        return new SearchInput(
                field, queries(request, field), limit, offset, metric, new SearchParams(ef), roundDecimal);
    }

    private static FieldSchema vectorField(RequestParams params, CollectionSchema schema) {
        String name = params.get("anns_field").orElse(null);
        if (name == null) {
            List<FieldSchema> vectors = schema.vectorFields();
            QuiverException.check(
                    vectors.size() == 1,
                    "collection '%s' has %d vector fields; name one with anns_field",
                    schema.name(),
                    vectors.size());
            return vectors.getFirst();
        }
        FieldSchema field = schema.field(name);
        QuiverException.check(
                field.dataType().isVector(), "anns_field '%s' is %s, not a vector field", name, field.dataType());
        return field;
    }

    private static List<float[]> queries(SearchRequest request, FieldSchema field) {
        QuiverException.check(
                request.hasPlaceholderGroup() || !request.getPlaceholderGroup().isEmpty(),
                "search needs query vectors (search by primary keys is not supported yet)");
        PlaceholderGroup group;
        try {
            group = PlaceholderGroup.parseFrom(request.getPlaceholderGroup());
        } catch (InvalidProtocolBufferException e) {
            throw QuiverException.invalid("the search vectors are malformed: %s", e.getMessage());
        }
        QuiverException.check(
                group.getPlaceholdersCount() == 1,
                "a search takes one group of vectors, not %d",
                group.getPlaceholdersCount());
        PlaceholderValue value = group.getPlaceholders(0);
        QuiverException.check(
                value.getType() == PlaceholderType.FloatVector,
                "search vectors are %s; field '%s' holds float vectors",
                value.getType(),
                field.name());
        QuiverException.check(
                value.getValuesCount() >= 1 && value.getValuesCount() <= MAX_NQ,
                "a search has %d query vectors; it must have between 1 and %d",
                value.getValuesCount(),
                MAX_NQ);
        List<float[]> queries = new ArrayList<>(value.getValuesCount());
        for (int q = 0; q < value.getValuesCount(); q++) {
            var bytes = value.getValues(q);
            if (bytes.size() != field.dimension() * Float.BYTES) {
                throw new QuiverException(
                        ErrorCode.DIMENSION_MISMATCH,
                        "query vector " + q + " has dimension "
                                + bytes.size() / Float.BYTES + "; field '" + field.name() + "' has dimension "
                                + field.dimension());
            }
            float[] vector = new float[field.dimension()];
            ByteBuffer.wrap(bytes.toByteArray())
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer()
                    .get(vector);
            for (int i = 0; i < vector.length; i++) {
                QuiverException.check(
                        Float.isFinite(vector[i]),
                        "query vector %d has a non-finite value (%s) at component %d",
                        q,
                        vector[i],
                        i);
            }
            queries.add(vector);
        }
        return queries;
    }
}
