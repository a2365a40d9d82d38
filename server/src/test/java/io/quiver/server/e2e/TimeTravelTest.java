package io.quiver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.data.LongColumn;
import io.quiver.common.data.MilvusFieldData;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.DataType;
import io.quiver.common.schema.FieldSchema;
import io.quiver.common.schema.MilvusSchemas;
import io.quiver.proto.milvus.CreateCollectionRequest;
import io.quiver.proto.milvus.DeleteRequest;
import io.quiver.proto.milvus.FlushRequest;
import io.quiver.proto.milvus.InsertRequest;
import io.quiver.proto.milvus.LoadCollectionRequest;
import io.quiver.proto.milvus.MilvusServiceGrpc;
import io.quiver.proto.milvus.MutationResult;
import io.quiver.proto.milvus.QueryRequest;
import io.quiver.proto.milvus.QueryResults;
import io.quiver.proto.milvus.UpsertRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads as of any time T: every write's timestamp names a snapshot that stays readable, sealed or not. */
class TimeTravelTest {
    static final FieldSchema ID = new FieldSchema(100, "id", DataType.INT64, true, false, 0, 0, "");
    static final FieldSchema VECTOR = new FieldSchema(101, "vector", DataType.FLOAT_VECTOR, false, false, 2, 0, "");
    static final FieldSchema VERSION = new FieldSchema(102, "version", DataType.INT64, false, false, 0, 0, "");

    @TempDir
    Path dataDirectory;

    MilvusServiceGrpc.MilvusServiceBlockingStub stub;

    @Test
    void readsAtAnEarlierTimestampSeeThatSnapshot() throws InterruptedException {
        try (QuiverStandalone quiver = new QuiverStandalone(dataDirectory).start()) {
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", quiver.port())
                    .usePlaintext()
                    .build();
            stub = MilvusServiceGrpc.newBlockingStub(channel);
            var schema = MilvusSchemas.toProto(new CollectionSchema("tt", "", List.of(ID, VECTOR, VERSION)), false);
            stub.createCollection(CreateCollectionRequest.newBuilder()
                    .setCollectionName("tt")
                    .setSchema(schema.toByteString())
                    .setShardsNum(2)
                    .build());
            stub.loadCollection(
                    LoadCollectionRequest.newBuilder().setCollectionName("tt").build());

            long t1 = write(false, new long[] {1, 2, 3}, 1).getTimestamp();
            long t2 = write(true, new long[] {2}, 2).getTimestamp();
            stub.flush(FlushRequest.newBuilder().addCollectionNames("tt").build());
            long t3 = stub.delete(DeleteRequest.newBuilder()
                            .setCollectionName("tt")
                            .setExpr("id == 3")
                            .build())
                    .getTimestamp();
            long t4 = write(true, new long[] {1}, 4).getTimestamp();

            assertThat(versions(t1)).containsExactly(1L, 1L, 1L);
            assertThat(versions(t2)).containsExactly(1L, 2L, 1L);
            assertThat(versions(t3)).containsExactly(1L, 2L);
            assertThat(versions(t4)).containsExactly(4L, 2L);
            assertThat(versions(t1 - 1)).isEmpty();
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private MutationResult write(boolean upsert, long[] ids, long version) {
        long[] versions = new long[ids.length];
        java.util.Arrays.fill(versions, version);
        var fields = List.of(
                MilvusFieldData.toFieldData(LongColumn.int64(ids), ID),
                MilvusFieldData.toFieldData(new FloatVectorColumn(2, new float[ids.length * 2]), VECTOR),
                MilvusFieldData.toFieldData(LongColumn.int64(versions), VERSION));
        MutationResult result = upsert
                ? stub.upsert(UpsertRequest.newBuilder()
                        .setCollectionName("tt")
                        .addAllFieldsData(fields)
                        .setNumRows(ids.length)
                        .build())
                : stub.insert(InsertRequest.newBuilder()
                        .setCollectionName("tt")
                        .addAllFieldsData(fields)
                        .setNumRows(ids.length)
                        .build());
        assertThat(result.getStatus().getCode())
                .as(result.getStatus().getReason())
                .isZero();
        return result;
    }

    /** The version column of every row visible at {@code timestamp}, in id order. */
    private List<Long> versions(long timestamp) {
        QueryResults results = stub.query(QueryRequest.newBuilder()
                .setCollectionName("tt")
                .setExpr("id > 0")
                .addOutputFields("version")
                .setTravelTimestamp(timestamp)
                .build());
        assertThat(results.getStatus().getCode())
                .as(results.getStatus().getReason())
                .isZero();
        return results.getFieldsDataList().stream()
                .filter(f -> f.getFieldName().equals("version"))
                .findFirst()
                .orElseThrow()
                .getScalars()
                .getLongData()
                .getDataList();
    }
}
