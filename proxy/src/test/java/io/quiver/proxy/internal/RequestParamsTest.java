package io.quiver.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.coordinator.Catalog;
import io.quiver.proto.milvus.KeyValuePair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class RequestParamsTest {

    private static RequestParams params(String... keysAndValues) {
        List<KeyValuePair> pairs = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            pairs.add(KeyValuePair.newBuilder()
                    .setKey(keysAndValues[i])
                    .setValue(keysAndValues[i + 1])
                    .build());
        }
        return RequestParams.of(pairs);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(Runnable call, String message) {
        return assertThatThrownBy(call::run)
                .isInstanceOf(QuiverException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((QuiverException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void keysOfTheParamsJsonAreFlattened() {
        RequestParams params = params("anns_field", "vec", "params", "{\"ef\": 64, \"nprobe\": \"8\", \"level\": 1.5}");

        assertThat(params.asMap()).isEqualTo(Map.of("anns_field", "vec", "ef", "64", "nprobe", "8", "level", "1.5"));
        assertThat(params.getInt("ef", 0, 0, 100)).isEqualTo(64);
    }

    @Test
    void topLevelKeysOverrideTheParamsJsonInEitherOrder() {
        assertThat(params("ef", "10", "params", "{\"ef\": 64}").get("ef")).contains("10");
        assertThat(params("params", "{\"ef\": 64}", "ef", "10").get("ef")).contains("10");
    }

    @Test
    void nestedParamsObjectIsFlattenedBelowItsParent() {
        RequestParams params = params("params", "{\"params\": {\"ef\": 32, \"radius\": 2}, \"ef\": 16, \"list\": [1]}");

        assertThat(params.asMap()).isEqualTo(Map.of("ef", "16", "radius", "2"));
    }

    @Test
    void emptyValuesCountAsAbsent() {
        RequestParams params = params("limit", "", "params", "");

        assertThat(params.get("limit")).isEmpty();
        assertThat(params.getLong("limit", -1)).isEqualTo(-1);
    }

    @Test
    void numbersMayBeWrittenAsWholeDecimals() {
        RequestParams params = params("a", " 12 ", "b", "7.0", "c", "-3", "d", "1e3");

        assertThat(params.getLong("a", 0)).isEqualTo(12);
        assertThat(params.getLong("b", 0)).isEqualTo(7);
        assertThat(params.getLong("c", 0)).isEqualTo(-3);
        assertThat(params.getLong("d", 0)).isEqualTo(1000);
    }

    @Test
    void badNumbersNameTheKey() {
        assertInvalid(() -> params("topk", "ten").getLong("topk", 1), "parameter 'topk' is 'ten', not an integer");
        assertInvalid(
                () -> params("offset", "2.5").getLong("offset", 0), "parameter 'offset' is '2.5', not an integer");
        assertInvalid(() -> params("limit", "NaN").getLong("limit", 0), "parameter 'limit' is 'NaN', not an integer");
    }

    @Test
    void numbersBeyondTheLongRangeAreRejectedNotClamped() {
        assertInvalid(() -> params("limit", "1e30").getLong("limit", 0), "parameter 'limit' is '1e30', not an integer");
        assertInvalid(
                () -> params("limit", "Infinity").getLong("limit", 0),
                "parameter 'limit' is 'Infinity', not an integer");
        assertInvalid(
                () -> params("limit", "9223372036854775808").getLong("limit", 0),
                "parameter 'limit' is '9223372036854775808', not an integer");
        assertThat(params("limit", "9223372036854775807").getLong("limit", 0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void intsAreCheckedAgainstTheirBounds() {
        assertThat(params("limit", "1").getInt("limit", 10, 1, 16_384)).isEqualTo(1);
        assertThat(params("limit", "16384").getInt("limit", 10, 1, 16_384)).isEqualTo(16_384);
        assertThat(params().getInt("limit", 10, 1, 16_384)).isEqualTo(10);
        assertInvalid(
                () -> params("limit", "0").getInt("limit", 10, 1, 16_384),
                "parameter 'limit' is 0; it must be between 1 and 16384");
        assertInvalid(
                () -> params("limit", "16385").getInt("limit", 10, 1, 16_384),
                "parameter 'limit' is 16385; it must be between 1 and 16384");
        assertInvalid(
                () -> params("limit", "99999999999").getInt("limit", 10, 1, 16_384),
                "parameter 'limit' is 99999999999; it must be between 1 and 16384");
    }

    @Test
    void malformedParamsJsonIsRejected() {
        assertInvalid(() -> params("params", "{\"ef\": "), "parameter 'params' is not valid JSON: '{\"ef\": '");
        assertInvalid(() -> params("params", "[1, 2]"), "parameter 'params' must be a JSON object, not '[1, 2]'");
        assertInvalid(
                () -> params("params", "{\"params\": {\"ef\": }}"),
                "parameter 'params' is not valid JSON: '{\"params\": {\"ef\": }}'");
    }

    @Test
    void databaseDefaultsWhenEmpty() {
        assertThat(RequestParams.database("")).isEqualTo(Catalog.DEFAULT_DATABASE);
        assertThat(RequestParams.database(null)).isEqualTo(Catalog.DEFAULT_DATABASE);
        assertThat(RequestParams.database("sales")).isEqualTo("sales");
    }
}
