package io.quiver.proxy.internal;

import static io.quiver.proxy.internal.ProxyFixtures.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.index.IndexSpec;
import io.quiver.common.index.IndexType;
import io.quiver.common.index.MetricType;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.DataType;
import io.quiver.common.schema.FieldSchema;
import io.quiver.coordinator.IndexInfo;
import io.quiver.proto.milvus.KeyValuePair;
import io.quiver.proto.milvus.PlaceholderGroup;
import io.quiver.proto.milvus.PlaceholderType;
import io.quiver.proto.milvus.PlaceholderValue;
import io.quiver.proto.milvus.SearchRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchInputTest {
    private static final IndexInfo COSINE_INDEX = new IndexInfo(
            1,
            7,
            "vec",
            "vec_idx",
            new IndexSpec(IndexType.HNSW, MetricType.COSINE, 2, 16, 200),
            java.util.Map.of(),
            1);

    private static ByteString vector(float... values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            bytes.putFloat(value);
        }
        return ByteString.copyFrom(bytes.array());
    }

    private static SearchRequest.Builder request(List<ByteString> vectors, String... params) {
        PlaceholderValue.Builder value =
                PlaceholderValue.newBuilder().setTag("$0").setType(PlaceholderType.FloatVector);
        vectors.forEach(value::addValues);
        SearchRequest.Builder request = SearchRequest.newBuilder()
                .setCollectionName("docs")
                .setPlaceholderGroup(PlaceholderGroup.newBuilder()
                        .addPlaceholders(value)
                        .build()
                        .toByteString());
        for (int i = 0; i < params.length; i += 2) {
            request.addSearchParams(KeyValuePair.newBuilder().setKey(params[i]).setValue(params[i + 1]));
        }
        return request;
    }

    private static void assertRejected(Runnable call, ErrorCode code, String message) {
        assertThatThrownBy(call::run)
                .isInstanceOf(QuiverException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((QuiverException) e).code()).isEqualTo(code));
    }

    @Test
    void defaultsWithoutAnIndex() {
        SearchInput input =
                SearchInput.parse(request(List.of(vector(1, 2), vector(3, 4))).build(), SCHEMA, List.of());

        assertThat(input.field().name()).isEqualTo("vec");
        assertThat(input.queries()).hasSize(2);
        assertThat(input.queries().get(1)).containsExactly(3, 4);
        assertThat(input.limit()).isEqualTo(10);
        assertThat(input.offset()).isZero();
        assertThat(input.metric()).isEqualTo(MetricType.L2);
        assertThat(input.params().ef()).isZero();
        assertThat(input.roundDecimal()).isEqualTo(-1);
    }

    @Test
    void parametersAreReadFromTopLevelKeysAndTheParamsJson() {
        SearchInput input = SearchInput.parse(
                request(
                                List.of(vector(1, 2)),
                                "topk",
                                "5",
                                "offset",
                                "3",
                                "round_decimal",
                                "2",
                                "params",
                                "{\"ef\": 64}")
                        .build(),
                SCHEMA,
                List.of(COSINE_INDEX));

        assertThat(input.limit()).isEqualTo(5);
        assertThat(input.offset()).isEqualTo(3);
        assertThat(input.metric()).as("the index's metric").isEqualTo(MetricType.COSINE);
        assertThat(input.params().ef()).isEqualTo(64);
        assertThat(input.roundDecimal()).isEqualTo(2);
    }

    @Test
    void metricMustMatchTheIndex() {
        assertRejected(
                () -> SearchInput.parse(
                        request(List.of(vector(1, 2)), "metric_type", "L2").build(), SCHEMA, List.of(COSINE_INDEX)),
                ErrorCode.METRIC_NOT_SUPPORTED,
                "metric type L2 does not match the index on field 'vec' (COSINE)");
        assertRejected(
                () -> SearchInput.parse(
                        request(List.of(vector(1, 2)), "metric_type", "HAMMING").build(), SCHEMA, List.of()),
                ErrorCode.METRIC_NOT_SUPPORTED,
                "metric type 'HAMMING' is not supported (supported: L2, IP, COSINE)");
    }

    @Test
    void limitAndOffsetAreBounded() {
        assertRejected(
                () -> SearchInput.parse(
                        request(List.of(vector(1, 2)), "limit", "0").build(), SCHEMA, List.of()),
                ErrorCode.INVALID_ARGUMENT,
                "parameter 'limit' is 0; it must be between 1 and 16384");
        assertRejected(
                () -> SearchInput.parse(
                        request(List.of(vector(1, 2)), "limit", "16000", "offset", "1000")
                                .build(),
                        SCHEMA,
                        List.of()),
                ErrorCode.INVALID_ARGUMENT,
                "limit 16000 plus offset 1000 is more than 16384");
    }

    @Test
    void queryVectorsAreChecked() {
        assertRejected(
                () -> SearchInput.parse(request(List.of(vector(1, 2, 3))).build(), SCHEMA, List.of()),
                ErrorCode.DIMENSION_MISMATCH,
                "query vector 0 has dimension 3; field 'vec' has dimension 2");
        assertRejected(
                () -> SearchInput.parse(
                        request(List.of(vector(1, 2), vector(Float.NaN, 0))).build(), SCHEMA, List.of()),
                ErrorCode.INVALID_ARGUMENT,
                "query vector 1 has a non-finite value (NaN) at component 0");
        assertRejected(
                () -> SearchInput.parse(request(List.of()).build(), SCHEMA, List.of()),
                ErrorCode.INVALID_ARGUMENT,
                "a search has 0 query vectors; it must have between 1 and 16384");
        assertRejected(
                () -> SearchInput.parse(
                        SearchRequest.newBuilder().setCollectionName("docs").build(), SCHEMA, List.of()),
                ErrorCode.INVALID_ARGUMENT,
                "search needs query vectors (search by primary keys is not supported yet)");
    }

    @Test
    void annsFieldIsNeededWhenThereAreSeveralVectorFields() {
        CollectionSchema two = new CollectionSchema(
                "docs",
                "",
                List.of(
                        ProxyFixtures.ID,
                        ProxyFixtures.TAG,
                        ProxyFixtures.VEC,
                        new FieldSchema(103, "vec2", DataType.FLOAT_VECTOR, false, false, 3, 0, "")));

        assertRejected(
                () -> SearchInput.parse(request(List.of(vector(1, 2))).build(), two, List.of()),
                ErrorCode.INVALID_ARGUMENT,
                "collection 'docs' has 2 vector fields; name one with anns_field");
        assertThat(SearchInput.parse(
                                request(List.of(vector(1, 2, 3)), "anns_field", "vec2")
                                        .build(),
                                two,
                                List.of())
                        .field()
                        .name())
                .isEqualTo("vec2");
        assertRejected(
                () -> SearchInput.parse(
                        request(List.of(vector(1))).build().toBuilder()
                                .addSearchParams(KeyValuePair.newBuilder()
                                        .setKey("anns_field")
                                        .setValue("tag"))
                                .build(),
                        two,
                        List.of()),
                ErrorCode.INVALID_ARGUMENT,
                "anns_field 'tag' is Int64, not a vector field");
    }
}
