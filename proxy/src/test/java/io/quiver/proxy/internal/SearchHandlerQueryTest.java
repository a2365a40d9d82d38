package io.quiver.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.coordinator.node.ShardQueryRequest;
import io.quiver.proto.milvus.KeyValuePair;
import io.quiver.proto.milvus.QueryRequest;
import io.quiver.proto.milvus.QueryResults;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The query path of {@link SearchHandler}: validation, scatter with one snapshot, merge. */
class SearchHandlerQueryTest {
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final FakeCoordinator coordinator =
            new FakeCoordinator(ProxyFixtures.SCHEMA, new long[] {2, 5, 9}, new long[] {1, 3, 4, 10});
    private final SearchHandler handler = new SearchHandler(coordinator, executor, Duration.ofSeconds(3));

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static QueryRequest.Builder query(String expr, String... params) {
        QueryRequest.Builder request = QueryRequest.newBuilder()
                .setCollectionName("docs")
                .setExpr(expr)
                .setUseDefaultConsistency(true);
        for (int i = 0; i < params.length; i += 2) {
            request.addQueryParams(KeyValuePair.newBuilder().setKey(params[i]).setValue(params[i + 1]));
        }
        return request;
    }

    @Test
    void everyShardIsAskedForTheWholeWindowAtOneSnapshotAndTheRowsAreMerged() {
        QueryResults results = handler.query(query("tag >= 0", "limit", "3", "offset", "2")
                .addOutputFields("tag")
                .build());

        assertThat(results.getStatus().getCode()).isZero();
        assertThat(results.getOutputFieldsList()).containsExactly("id", "tag");
        assertThat(results.getFieldsData(0).getScalars().getLongData().getDataList())
                .containsExactly(3L, 4L, 5L);
        assertThat(results.getFieldsData(1).getScalars().getLongData().getDataList())
                .containsExactly(30L, 40L, 50L);
        List<ShardQueryRequest> sent = List.copyOf(coordinator.queries);
        assertThat(sent).extracting(ShardQueryRequest::shard).containsExactlyInAnyOrder(0, 1);
        assertThat(sent).allSatisfy(r -> {
            assertThat(r.limit()).isEqualTo(5);
            assertThat(r.filter()).isEqualTo("tag >= 0");
            assertThat(r.guaranteeTs()).as("strong: a fresh timestamp").isEqualTo(1_001);
            assertThat(r.snapshotTs()).isEqualTo(1_001);
            assertThat(r.countOnly()).isFalse();
        });
        assertThat(results.getSessionTs()).isEqualTo(1_001);
    }

    @Test
    void countSumsTheShardsExactCounts() {
        QueryResults results =
                handler.query(query("").addOutputFields("count(*)").build());

        assertThat(results.getOutputFieldsList()).containsExactly("count(*)");
        assertThat(results.getFieldsData(0).getScalars().getLongData().getDataList())
                .containsExactly(7L);
        assertThat(coordinator.queries)
                .allSatisfy(r -> assertThat(r.countOnly()).isTrue());
    }

    @Test
    void queryWithoutFilterNeedsALimit() {
        assertInvalid(() -> handler.query(query("").build()), "a query without a filter expression needs a limit");
        assertInvalid(
                () -> handler.query(query("")
                        .addOutputFields("count(*)")
                        .addOutputFields("tag")
                        .build()),
                "count(*) cannot be combined with other output fields");
    }

    @Test
    void limitPlusOffsetIsBoundedWithoutOverflow() {
        assertThat(handler.query(query("", "limit", "16383", "offset", "1").build())
                        .getFieldsData(0)
                        .getScalars()
                        .getLongData()
                        .getDataCount())
                .isEqualTo(6);
        assertInvalid(
                () -> handler.query(query("", "limit", "16384", "offset", "1").build()),
                "query limit 16384 plus offset 1 must be between 1 and 16384");
        assertInvalid(
                () -> handler.query(
                        query("", "limit", "9223372036854775807", "offset", "1").build()),
                "query limit 9223372036854775807 plus offset 1 must be between 1 and 16384");
        assertInvalid(
                () -> handler.query(
                        query("", "limit", "1", "offset", "9223372036854775807").build()),
                "query limit 1 plus offset 9223372036854775807 must be between 1 and 16384");
        assertInvalid(() -> handler.query(query("tag > 1", "offset", "-1").build()), "offset -1 must not be negative");
    }

    private static void assertInvalid(Runnable call, String message) {
        assertThatThrownBy(call::run)
                .isInstanceOf(QuiverException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((QuiverException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
}
