package io.quiver.coordinator.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.data.Column;
import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.data.LongColumn;
import io.quiver.common.schema.DataType;
import io.quiver.coordinator.NodeAddress;
import io.quiver.coordinator.node.ShardQueryRequest;
import io.quiver.coordinator.node.ShardQueryResult;
import io.quiver.coordinator.node.ShardSearchRequest;
import io.quiver.coordinator.node.ShardSearchResult;
import io.quiver.proto.cluster.Columns;
import io.quiver.proto.cluster.NodeAddressMessage;
import io.quiver.proto.cluster.QueryRequest;
import io.quiver.proto.cluster.QueryResponse;
import io.quiver.proto.cluster.SearchRequest;
import io.quiver.proto.cluster.SearchResponse;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NodeMessagesTest {
    private RandomRecords random;

    @BeforeEach
    void seed() {
        long seed = Long.getLong("quiver.test.seed", System.nanoTime());
        System.out.println("NodeMessagesTest seed=" + seed);
        random = new RandomRecords(new Random(seed));
    }

    @Test
    void everyColumnTypeRoundTripsWithItsValuesAndName() throws InvalidProtocolBufferException {
        for (DataType type : DataType.values()) {
            for (int rows : new int[] {0, 1, 37}) {
                Column column = random.column(type, rows);

                Column decoded = NodeMessages.toColumn(io.quiver.proto.milvus.FieldData.parseFrom(
                        NodeMessages.toFieldData("$pk", column).toByteArray()));

                assertThat(decoded.type()).as("%s x %d", type, rows).isEqualTo(type);
                assertThat(decoded.size()).isEqualTo(rows);
                assertThat(decoded)
                        .as("%s x %d", type, rows)
                        .usingRecursiveComparison()
                        .isEqualTo(column);
            }
        }
    }

    @Test
    void floatVectorsKeepTheirDimensionAlsoWithoutRows() {
        FloatVectorColumn empty = new FloatVectorColumn(768, new float[0]);
        FloatVectorColumn one = new FloatVectorColumn(3, new float[] {1.5f, -0f, Float.MIN_VALUE});

        FloatVectorColumn decodedEmpty =
                (FloatVectorColumn) NodeMessages.toColumn(NodeMessages.toFieldData("v", empty));
        assertThat(decodedEmpty.dimension()).isEqualTo(768);
        assertThat(decodedEmpty.size()).isZero();
        FloatVectorColumn decoded = (FloatVectorColumn) NodeMessages.toColumn(NodeMessages.toFieldData("v", one));
        assertThat(decoded.dimension()).isEqualTo(3);
        assertThat(decoded.values()).containsExactly(1.5f, -0f, Float.MIN_VALUE);
    }

    @Test
    void batchesKeepColumnOrderAndRowCountWithoutColumns() throws InvalidProtocolBufferException {
        for (int i = 0; i < 50; i++) {
            ColumnBatch batch = random.batch(i % 7);

            ColumnBatch decoded = NodeMessages.columnBatch(
                    Columns.parseFrom(NodeMessages.toProto(batch).toByteArray()));

            assertThat(decoded.rowCount()).isEqualTo(batch.rowCount());
            assertThat(decoded.columns().keySet())
                    .containsExactlyElementsOf(batch.columns().keySet());
            assertThat(decoded).usingRecursiveComparison().isEqualTo(batch);
        }
        ColumnBatch noColumns = new ColumnBatch(5, Map.of());
        assertThat(NodeMessages.columnBatch(NodeMessages.toProto(noColumns)).rowCount())
                .isEqualTo(5);
    }

    @Test
    void searchRequestsRoundTrip() throws InvalidProtocolBufferException {
        for (int i = 0; i < 200; i++) {
            ShardSearchRequest request = random.searchRequest();

            ShardSearchRequest decoded = NodeMessages.searchRequest(
                    SearchRequest.parseFrom(NodeMessages.toProto(request).toByteArray()));

            assertThat(decoded).usingRecursiveComparison().isEqualTo(request);
        }
    }

    @Test
    void searchResultsRoundTripIncludingEmptyOnes() throws InvalidProtocolBufferException {
        for (int i = 0; i < 200; i++) {
            ShardSearchResult result = random.searchResult();

            ShardSearchResult decoded = NodeMessages.searchResult(
                    SearchResponse.parseFrom(NodeMessages.toProto(result).toByteArray()));

            assertThat(decoded).usingRecursiveComparison().isEqualTo(result);
            for (int q = 0; q < result.perQuery().size(); q++) {
                assertThat(decoded.perQuery().get(q).primaryKeys().type())
                        .isEqualTo(result.perQuery().get(q).primaryKeys().type());
                assertThat(decoded.perQuery().get(q).fields().columns().keySet())
                        .containsExactlyElementsOf(
                                result.perQuery().get(q).fields().columns().keySet());
            }
        }
        ShardSearchResult empty = new ShardSearchResult(List.of());
        assertThat(NodeMessages.searchResult(NodeMessages.toProto(empty)).perQuery())
                .isEmpty();
        ShardSearchResult noHits = new ShardSearchResult(List.of(
                new ShardSearchResult.Hits(LongColumn.int64(new long[0]), new float[0], new ColumnBatch(0, Map.of()))));
        ShardSearchResult.Hits decodedHits = NodeMessages.searchResult(NodeMessages.toProto(noHits))
                .perQuery()
                .getFirst();
        assertThat(decodedHits.size()).isZero();
        assertThat(decodedHits.primaryKeys().type()).isEqualTo(DataType.INT64);
    }

    @Test
    void queryRequestsRoundTrip() throws InvalidProtocolBufferException {
        for (int i = 0; i < 200; i++) {
            ShardQueryRequest request = random.queryRequest();

            ShardQueryRequest decoded = NodeMessages.queryRequest(
                    QueryRequest.parseFrom(NodeMessages.toProto(request).toByteArray()));

            assertThat(decoded).usingRecursiveComparison().isEqualTo(request);
        }
    }

    @Test
    void queryResultsRoundTripIncludingEmptyOnes() throws InvalidProtocolBufferException {
        for (int i = 0; i < 200; i++) {
            ShardQueryResult result = random.queryResult();

            ShardQueryResult decoded = NodeMessages.queryResult(
                    QueryResponse.parseFrom(NodeMessages.toProto(result).toByteArray()));

            assertThat(decoded).usingRecursiveComparison().isEqualTo(result);
            assertThat(decoded.count()).isEqualTo(result.count());
        }
    }

    @Test
    void nodeAddressesRoundTrip() throws InvalidProtocolBufferException {
        NodeAddress address = new NodeAddress("querynode-3", "10.0.0.7", 19_531);

        assertThat(NodeMessages.nodeAddress(NodeAddressMessage.parseFrom(
                        NodeMessages.toProto(address).toByteArray())))
                .isEqualTo(address);
    }

    @Test
    void unknownMetricInARequestIsRejectedClearly() {
        SearchRequest request = NodeMessages.toProto(random.searchRequest()).toBuilder()
                .setMetric("HAMMING")
                .build();

        assertThatThrownBy(() -> NodeMessages.searchRequest(request))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.METRIC_NOT_SUPPORTED))
                .hasMessageContaining("HAMMING");
    }
}
