package io.quiver.proxy.internal;

import static io.quiver.proxy.internal.ProxyFixtures.AUTO_ID;
import static io.quiver.proxy.internal.ProxyFixtures.ID;
import static io.quiver.proxy.internal.ProxyFixtures.NAME;
import static io.quiver.proxy.internal.ProxyFixtures.TAG;
import static io.quiver.proxy.internal.ProxyFixtures.VEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.data.LongColumn;
import io.quiver.common.data.MilvusFieldData;
import io.quiver.common.data.StringColumn;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.IdAllocator;
import io.quiver.proto.milvus.FieldData;
import io.quiver.proto.milvus.JSONArray;
import io.quiver.proto.milvus.ScalarField;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class InsertRowsTest {
    private static final CollectionInfo PLAIN = ProxyFixtures.collection(ID);
    private static final CollectionInfo AUTO = ProxyFixtures.collection(AUTO_ID);

    /** Hands out consecutive blocks starting at 1000 and records each request. */
    private static final class FakeIds implements IdAllocator {
        final List<Integer> requests = new ArrayList<>();
        long next = 1_000;

        @Override
        public long allocate(int count) {
            requests.add(count);
            long first = next;
            next += count;
            return first;
        }
    }

    private final FakeIds ids = new FakeIds();

    private static FieldData ids(long... values) {
        return MilvusFieldData.toFieldData(LongColumn.int64(values), ID);
    }

    private static FieldData tags(long... values) {
        return MilvusFieldData.toFieldData(LongColumn.int64(values), TAG);
    }

    private static FieldData vectors(int rows) {
        float[] values = new float[rows * 2];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        return MilvusFieldData.toFieldData(new FloatVectorColumn(2, values), VEC);
    }

    private static FieldData dynamic(String... json) {
        JSONArray.Builder array = JSONArray.newBuilder();
        for (String value : json) {
            array.addData(ByteString.copyFromUtf8(value));
        }
        return FieldData.newBuilder()
                .setFieldName("$meta")
                .setIsDynamic(true)
                .setScalars(ScalarField.newBuilder().setJsonData(array))
                .build();
    }

    private InsertRows validate(CollectionInfo collection, long rows, boolean upsert, FieldData... fields) {
        return InsertRows.validate(collection, List.of(fields), rows, upsert, ids);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(
            Runnable call, ErrorCode code, String message) {
        return assertThatThrownBy(call::run)
                .isInstanceOf(QuiverException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((QuiverException) e).code()).isEqualTo(code));
    }

    @Test
    void validRowsAreReturnedInSchemaOrder() {
        InsertRows rows = validate(PLAIN, 3, false, vectors(3), tags(7, 8, 9), ids(3, 1, 2));

        assertThat(rows.numRows()).isEqualTo(3);
        assertThat(rows.columns().keySet()).containsExactly("id", "tag", "vec");
        assertThat(((LongColumn) rows.primaryKeys()).values()).containsExactly(3, 1, 2);
        assertThat(((LongColumn) rows.columns().get("tag")).values()).containsExactly(7, 8, 9);
        assertThat(((FloatVectorColumn) rows.columns().get("vec")).vector(2)).containsExactly(4, 5);
        assertThat(ids.requests).isEmpty();
    }

    @Test
    void autoIdsAreFilledFromTheAllocatorAndUnique() {
        InsertRows first = validate(AUTO, 3, false, tags(1, 2, 3), vectors(3));
        InsertRows second = validate(AUTO, 2, false, tags(4, 5), vectors(2));

        assertThat(((LongColumn) first.primaryKeys()).values()).containsExactly(1_000, 1_001, 1_002);
        assertThat(((LongColumn) second.primaryKeys()).values()).containsExactly(1_003, 1_004);
        assertThat(first.columns().get("id")).isSameAs(first.primaryKeys());
        assertThat(first.columns().keySet()).containsExactly("id", "tag", "vec");
        assertThat(ids.requests).containsExactly(3, 2);
        Set<Long> all = new HashSet<>();
        for (InsertRows rows : List.of(first, second)) {
            for (long key : ((LongColumn) rows.primaryKeys()).values()) {
                assertThat(all.add(key)).isTrue();
            }
        }
    }

    @Test
    void primaryKeyValuesOnAnAutoIdInsertAreRejected() {
        assertRejected(
                () -> validate(AUTO, 1, false, ids(5), tags(1), vectors(1)),
                ErrorCode.INVALID_ARGUMENT,
                "primary key 'id' is auto_id; do not pass its values on insert");
        assertThat(ids.requests).isEmpty();
    }

    @Test
    void upsertOnAnAutoIdCollectionNeedsTheKeys() {
        InsertRows rows = validate(AUTO, 1, true, ids(5), tags(1), vectors(1));
        assertThat(((LongColumn) rows.primaryKeys()).values()).containsExactly(5);
        assertThat(ids.requests).isEmpty();

        assertRejected(
                () -> validate(AUTO, 1, true, tags(1), vectors(1)),
                ErrorCode.MISSING_ARGUMENT,
                "field 'id' of collection 'docs' is missing");
    }

    @Test
    void missingUnknownAndRepeatedFieldsAreRejected() {
        assertRejected(
                () -> validate(PLAIN, 1, false, ids(1), vectors(1)),
                ErrorCode.MISSING_ARGUMENT,
                "field 'tag' of collection 'docs' is missing");
        FieldData unknown = tags(1).toBuilder().setFieldName("color").build();
        assertRejected(
                () -> validate(PLAIN, 1, false, ids(1), tags(1), vectors(1), unknown),
                ErrorCode.INVALID_ARGUMENT,
                "field 'color' does not exist in collection 'docs'");
        assertRejected(
                () -> validate(PLAIN, 1, false, ids(1), tags(1), tags(2), vectors(1)),
                ErrorCode.INVALID_ARGUMENT,
                "field 'tag' is given twice");
    }

    @Test
    void duplicateKeysInOneRequestAreRejected() {
        assertRejected(
                () -> validate(PLAIN, 3, false, ids(4, 5, 4), tags(1, 2, 3), vectors(3)),
                ErrorCode.DUPLICATE_PRIMARY_KEY,
                "primary key 'id' value 4 appears twice in the request (row 2); keys in one request must be unique");
        CollectionInfo named = ProxyFixtures.collection(NAME);
        FieldData names = MilvusFieldData.toFieldData(new StringColumn(new String[] {"a", "b", "b"}), NAME);
        assertRejected(
                () -> validate(named, 3, true, names, tags(1, 2, 3), vectors(3)),
                ErrorCode.DUPLICATE_PRIMARY_KEY,
                "primary key 'name' value \"b\" appears twice in the request (row 2); keys in one request must be "
                        + "unique");
    }

    @Test
    void everyFieldMustHaveNumRowsValues() {
        assertRejected(
                () -> validate(PLAIN, 3, false, ids(1, 2, 3), tags(1, 2), vectors(3)),
                ErrorCode.INVALID_ARGUMENT,
                "field 'tag' has 2 values but the request has 3 rows");
        assertRejected(
                () -> validate(PLAIN, 2, false, ids(1, 2), tags(1, 2), vectors(3)),
                ErrorCode.INVALID_ARGUMENT,
                "field 'vec' has 3 values but the request has 2 rows");
        assertRejected(
                () -> validate(PLAIN, 0, false, ids(), tags(), vectors(0)),
                ErrorCode.INVALID_ARGUMENT,
                "the request has 0 rows; it needs at least one");
        assertRejected(
                () -> validate(PLAIN, 1_000_001, false, ids(1), tags(1), vectors(1)),
                ErrorCode.INVALID_ARGUMENT,
                "the request has 1000001 rows; at most 1000000 are allowed in one request");
    }

    @Test
    void emptyDynamicFieldIsAcceptedAndIgnored() {
        InsertRows rows = validate(PLAIN, 2, false, ids(1, 2), tags(1, 2), vectors(2), dynamic("{}", " { } "));

        assertThat(rows.columns().keySet()).containsExactly("id", "tag", "vec");
        assertThat(validate(PLAIN, 1, false, ids(1), tags(1), vectors(1), dynamic(""))
                        .numRows())
                .isEqualTo(1);
    }

    @Test
    void dynamicFieldWithKeysIsRejectedNamingTheKey() {
        assertRejected(
                () -> validate(
                        PLAIN, 2, false, ids(1, 2), tags(1, 2), vectors(2), dynamic("{}", "{\"color\": \"red\"}")),
                ErrorCode.INVALID_ARGUMENT,
                "field 'color' does not exist in collection 'docs' (dynamic fields are not supported yet)");
    }

    @Test
    void malformedDynamicFieldJsonIsAnInvalidArgument() {
        assertRejected(
                () -> validate(PLAIN, 1, false, ids(1), tags(1), vectors(1), dynamic("{\"color\": ")),
                ErrorCode.INVALID_ARGUMENT,
                "row 0 of dynamic field '$meta' is not valid JSON: '{\"color\":'");
    }
}
