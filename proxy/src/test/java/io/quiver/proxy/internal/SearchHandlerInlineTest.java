package io.quiver.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.quiver.coordinator.ConsistencyLevel;
import io.quiver.proto.milvus.KeyValuePair;
import io.quiver.proto.milvus.PlaceholderGroup;
import io.quiver.proto.milvus.PlaceholderType;
import io.quiver.proto.milvus.PlaceholderValue;
import io.quiver.proto.milvus.SearchRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which searches {@link SearchHandler#runsWithoutWaiting} lets run on the transport thread. */
class SearchHandlerInlineTest {
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final FakeCoordinator coordinator =
            new FakeCoordinator(ProxyFixtures.SCHEMA, new long[] {2, 5, 9}, new long[] {1, 3, 4, 10});
    private final SearchHandler handler = new SearchHandler(coordinator, executor, Duration.ofSeconds(3));

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static SearchRequest search(int queries, ConsistencyLevel level) {
        PlaceholderValue.Builder value =
                PlaceholderValue.newBuilder().setTag("$0").setType(PlaceholderType.FloatVector);
        for (int q = 0; q < queries; q++) {
            ByteBuffer bytes = ByteBuffer.allocate(2 * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            bytes.putFloat(q).putFloat(1);
            value.addValues(ByteString.copyFrom(bytes.array()));
        }
        return SearchRequest.newBuilder()
                .setCollectionName("docs")
                .setPlaceholderGroup(PlaceholderGroup.newBuilder()
                        .addPlaceholders(value)
                        .build()
                        .toByteString())
                .addSearchParams(KeyValuePair.newBuilder().setKey("topk").setValue("3"))
                .setConsistencyLevelValue(level.milvusNumber())
                .build();
    }

    @Test
    void caughtUpLocalShardsAnswerABoundedSearchAtOnce() {
        coordinator.servedLocallyUpTo = Long.MAX_VALUE;

        assertThat(handler.runsWithoutWaiting(handler.prepare(search(1, ConsistencyLevel.BOUNDED))))
                .isTrue();
        assertThat(handler.runsWithoutWaiting(handler.prepare(search(1, ConsistencyLevel.EVENTUALLY))))
                .isTrue();
    }

    @Test
    void aStrongSearchWaitsForATickSoItIsHandedOff() {
        coordinator.servedLocallyUpTo = Long.MAX_VALUE;

        assertThat(handler.runsWithoutWaiting(handler.prepare(search(1, ConsistencyLevel.STRONG))))
                .isFalse();
    }

    @Test
    void aShardBehindTheReadTimestampOrRemoteIsHandedOff() {
        SearchHandler.PreparedSearch bounded = handler.prepare(search(1, ConsistencyLevel.BOUNDED));

        coordinator.servedLocallyUpTo = -1;
        assertThat(handler.runsWithoutWaiting(bounded)).as("remote").isFalse();
        coordinator.servedLocallyUpTo = bounded.ts().guarantee() - 1;
        assertThat(handler.runsWithoutWaiting(bounded)).as("behind").isFalse();
        coordinator.servedLocallyUpTo = bounded.ts().guarantee();
        assertThat(handler.runsWithoutWaiting(bounded)).as("caught up").isTrue();
    }

    @Test
    void manyQueriesInOneRequestAreHandedOff() {
        coordinator.servedLocallyUpTo = Long.MAX_VALUE;

        assertThat(handler.runsWithoutWaiting(
                        handler.prepare(search(SearchHandler.INLINE_MAX_QUERIES, ConsistencyLevel.BOUNDED))))
                .isTrue();
        assertThat(handler.runsWithoutWaiting(
                        handler.prepare(search(SearchHandler.INLINE_MAX_QUERIES + 1, ConsistencyLevel.BOUNDED))))
                .isFalse();
    }
}
