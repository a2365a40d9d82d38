package io.quiver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quiver.common.data.BoolColumn;
import io.quiver.common.data.Column;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.data.LongColumn;
import io.quiver.common.data.MilvusFieldData;
import io.quiver.common.data.StringColumn;
import io.quiver.common.schema.DataType;
import io.quiver.common.schema.FieldSchema;
import io.quiver.common.schema.MilvusSchemas;
import io.quiver.proto.milvus.CreateCollectionRequest;
import io.quiver.proto.milvus.FieldData;
import io.quiver.proto.milvus.InsertRequest;
import io.quiver.proto.milvus.LoadCollectionRequest;
import io.quiver.proto.milvus.MilvusServiceGrpc;
import io.quiver.proto.milvus.MutationResult;
import io.quiver.proto.milvus.PlaceholderGroup;
import io.quiver.proto.milvus.PlaceholderType;
import io.quiver.proto.milvus.PlaceholderValue;
import io.quiver.proto.milvus.QueryRequest;
import io.quiver.proto.milvus.SearchRequest;
import io.quiver.proto.milvus.Status;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad requests as any client could send them (the Java SDK already rejects some of these itself):
 * each gets a Milvus error naming the field and value, and nothing is written.
 */
class RawRequestValidationTest {
    static final String NAME = "raw";
    static final FieldSchema ID = new FieldSchema(100, "id", DataType.INT64, true, false, 0, 0, "");
    static final FieldSchema VECTOR = new FieldSchema(101, "vector", DataType.FLOAT_VECTOR, false, false, 4, 0, "");
    static final FieldSchema TINY = new FieldSchema(102, "tiny", DataType.INT8, false, false, 0, 0, "");
    static final FieldSchema NAME_FIELD = new FieldSchema(103, "name", DataType.VARCHAR, false, false, 0, 5, "");
    static final FieldSchema FLAG = new FieldSchema(104, "flag", DataType.BOOL, false, false, 0, 0, "");

    @TempDir
    static Path dataDirectory;

    static QuiverStandalone quiver;
    static ManagedChannel channel;
    static MilvusServiceGrpc.MilvusServiceBlockingStub stub;

    @BeforeAll
    static void start() {
        quiver = new QuiverStandalone(dataDirectory).start();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", quiver.port())
                .usePlaintext()
                .build();
        stub = MilvusServiceGrpc.newBlockingStub(channel);
        var schema = MilvusSchemas.toProto(
                new io.quiver.common.schema.CollectionSchema(NAME, "", List.of(ID, VECTOR, TINY, NAME_FIELD, FLAG)),
                false);
        ok(stub.createCollection(CreateCollectionRequest.newBuilder()
                .setCollectionName(NAME)
                .setSchema(schema.toByteString())
                .setShardsNum(2)
                .build()));
        ok(stub.loadCollection(
                LoadCollectionRequest.newBuilder().setCollectionName(NAME).build()));
        ok(stub.insert(insert(rows(1, 2, 3))).getStatus());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        quiver.close();
    }

    static void ok(Status status) {
        assertThat(status.getCode()).as(status.getReason()).isZero();
    }

    /** Valid columns for the given ids. */
    static List<FieldData> rows(long... ids) {
        int n = ids.length;
        float[] vectors = new float[n * 4];
        long[] tiny = new long[n];
        String[] names = new String[n];
        boolean[] flags = new boolean[n];
        for (int i = 0; i < n; i++) {
            vectors[i * 4] = ids[i];
            tiny[i] = ids[i] % 100;
            names[i] = "n" + ids[i];
            flags[i] = ids[i] % 2 == 0;
        }
        return new ArrayList<>(List.of(
                MilvusFieldData.toFieldData(LongColumn.int64(ids), ID),
                MilvusFieldData.toFieldData(new FloatVectorColumn(4, vectors), VECTOR),
                MilvusFieldData.toFieldData(new LongColumn(DataType.INT8, tiny), TINY),
                MilvusFieldData.toFieldData(new StringColumn(names), NAME_FIELD),
                MilvusFieldData.toFieldData(new BoolColumn(flags), FLAG)));
    }

    static InsertRequest insert(List<FieldData> fields) {
        long rows = MilvusFieldData.rowCount(fields.getFirst(), ID);
        return InsertRequest.newBuilder()
                .setCollectionName(NAME)
                .addAllFieldsData(fields)
                .setNumRows((int) rows)
                .build();
    }

    static long count() {
        var results = stub.query(QueryRequest.newBuilder()
                .setCollectionName(NAME)
                .setExpr("")
                .addOutputFields("count(*)")
                .setConsistencyLevelValue(0)
                .build());
        ok(results.getStatus());
        return results.getFieldsData(0).getScalars().getLongData().getData(0);
    }

    static void rejected(List<FieldData> fields, long numRows, String... reasonParts) {
        long before = count();
        MutationResult result =
                stub.insert(insert(fields).toBuilder().setNumRows((int) numRows).build());
        assertThat(result.getStatus().getCode()).as("status code").isNotZero();
        for (String part : reasonParts) {
            assertThat(result.getStatus().getReason()).contains(part);
        }
        assertThat(count()).as("nothing was written").isEqualTo(before);
    }

    static FieldData replace(FieldSchema field, Column column) {
        return MilvusFieldData.toFieldData(column, field);
    }

    static List<FieldData> with(List<FieldData> fields, FieldData replacement) {
        List<FieldData> out = new ArrayList<>();
        for (FieldData f : fields) {
            out.add(f.getFieldName().equals(replacement.getFieldName()) ? replacement : f);
        }
        return out;
    }

    @Test
    void overlongVarCharNamesFieldRowAndLimit() {
        rejected(
                with(rows(10, 11), replace(NAME_FIELD, new StringColumn(new String[] {"ok", "toolong"}))),
                2,
                "row 1",
                "'name'",
                "max_length is 5");
    }

    @Test
    void outOfRangeInt8NamesValueAndRange() {
        rejected(
                with(rows(12, 13), replace(TINY, new LongColumn(DataType.INT32, new long[] {1, 300}))),
                2,
                "300",
                "'tiny'",
                "-128 to 127");
    }

    @Test
    void nanAndInfinityInVectorsAreRejected() {
        rejected(
                with(rows(14, 15), replace(VECTOR, new FloatVectorColumn(4, new float[] {0, 0, 0, 0, 1, Float.NaN, 0, 0
                }))),
                2,
                "row 1",
                "'vector'",
                "NaN");
        rejected(
                with(rows(16), replace(VECTOR, new FloatVectorColumn(4, new float[] {Float.POSITIVE_INFINITY, 0, 0, 0
                }))),
                1,
                "'vector'",
                "Infinity");
    }

    @Test
    void wrongDimensionIsRejected() {
        FieldData vectors = MilvusFieldData.toFieldData(
                new FloatVectorColumn(3, new float[6]),
                new FieldSchema(101, "vector", DataType.FLOAT_VECTOR, false, false, 3, 0, ""));
        rejected(with(rows(17, 18), vectors), 2, "dimension 3", "'vector'", "(4)");
    }

    @Test
    void rowCountMismatchUnknownAndMissingFieldsAreRejected() {
        rejected(rows(19, 20), 3, "'id' has 2 values", "3 rows");
        List<FieldData> unknown = rows(21);
        unknown.add(MilvusFieldData.toFieldData(
                LongColumn.int64(new long[] {1}),
                new FieldSchema(105, "ghost", DataType.INT64, false, false, 0, 0, "")));
        rejected(unknown, 1, "'ghost'", "does not exist");
        List<FieldData> missing = rows(22);
        missing.removeIf(f -> f.getFieldName().equals("flag"));
        rejected(missing, 1, "'flag'", "missing");
    }

    @Test
    void typeMismatchIsRejected() {
        FieldData stringsForTiny = MilvusFieldData.toFieldData(
                new StringColumn(new String[] {"x"}),
                new FieldSchema(102, "tiny", DataType.VARCHAR, false, false, 0, 5, ""));
        rejected(with(rows(23), stringsForTiny), 1, "'tiny'", "Int8");
    }

    @Test
    void duplicatePrimaryKeysAreRejected() {
        rejected(rows(24, 25, 24), 3, "24", "appears twice");
    }

    @Test
    void malformedSearchVectorsAreRejected() {
        float[] three = {1, 2, 3};
        ByteBuffer bytes = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : three) {
            bytes.putFloat(f);
        }
        PlaceholderGroup group = PlaceholderGroup.newBuilder()
                .addPlaceholders(PlaceholderValue.newBuilder()
                        .setTag("$0")
                        .setType(PlaceholderType.FloatVector)
                        .addValues(ByteString.copyFrom(bytes.array())))
                .build();
        var result = stub.search(SearchRequest.newBuilder()
                .setCollectionName(NAME)
                .setPlaceholderGroup(group.toByteString())
                .build());
        assertThat(result.getStatus().getReason()).contains("dimension 3", "'vector'");
        var garbage = stub.search(SearchRequest.newBuilder()
                .setCollectionName(NAME)
                .setPlaceholderGroup(ByteString.copyFromUtf8("not a placeholder group"))
                .build());
        assertThat(garbage.getStatus().getCode()).isNotZero();
    }

    @Test
    void oversizeRequestIsRejectedAtTheTransport() {
        long before = count();
        int rows = 70_000;
        float[] vectors = new float[rows * 4];
        String[] names = new String[rows];
        java.util.Arrays.fill(names, "abcde");
        long[] ids = new long[rows];
        for (int i = 0; i < rows; i++) {
            ids[i] = 1_000_000 + i;
        }
        List<FieldData> big = rows(ids);
        String padding = "x".repeat(4_000);
        big = with(
                big,
                MilvusFieldData.toFieldData(
                        new StringColumn(
                                java.util.Collections.nCopies(rows, padding).toArray(String[]::new)),
                        new FieldSchema(103, "name", DataType.VARCHAR, false, false, 0, 5000, "")));
        List<FieldData> request = big;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> stub.insert(insert(request)))
                .hasMessageContaining("RESOURCE_EXHAUSTED");
        assertThat(count()).isEqualTo(before);
    }
}
