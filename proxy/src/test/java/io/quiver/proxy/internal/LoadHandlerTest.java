package io.quiver.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.proto.milvus.GetLoadStateRequest;
import io.quiver.proto.milvus.LoadCollectionRequest;
import io.quiver.proto.milvus.LoadPartitionsRequest;
import io.quiver.proto.milvus.LoadState;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A load call returns once the collection serves reads, or after the load wait while it still loads. */
class LoadHandlerTest {
    private final FakeCoordinator coordinator = new FakeCoordinator(ProxyFixtures.SCHEMA, new long[] {1});

    private void progressGoes(Integer... percents) {
        Iterator<Integer> answers = List.of(percents).iterator();
        int[] last = {0};
        coordinator.progress = () -> answers.hasNext() ? (last[0] = answers.next()) : last[0];
    }

    @Test
    void aLoadReturnsOnceEveryShardServes() {
        progressGoes(0, 40, 80, 100);
        LoadHandler handler = new LoadHandler(coordinator, Duration.ofSeconds(20));
        long start = System.nanoTime();

        var status = handler.loadCollection(
                LoadCollectionRequest.newBuilder().setCollectionName("docs").build());

        assertThat(status.getCode()).isZero();
        assertThat(coordinator.loads).containsExactly("docs");
        assertThat(coordinator.progressCalls).hasValue(4);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(handler.loadState(GetLoadStateRequest.newBuilder()
                                .setCollectionName("docs")
                                .build())
                        .getState())
                .isEqualTo(LoadState.LoadStateLoaded);
    }

    @Test
    void aSlowLoadReturnsAfterTheLoadWaitStillLoading() {
        progressGoes(10, 30);
        LoadHandler handler = new LoadHandler(coordinator, Duration.ofMillis(300));
        long start = System.nanoTime();

        var status = handler.loadPartitions(LoadPartitionsRequest.newBuilder()
                .setCollectionName("docs")
                .addPartitionNames("_default")
                .build());

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(status.getCode()).isZero();
        assertThat(coordinator.loads).containsExactly("docs");
        assertThat(took).isBetween(Duration.ofMillis(300), Duration.ofSeconds(10));
        assertThat(coordinator.progressCalls.get()).isGreaterThan(2);
        assertThat(handler.loadState(GetLoadStateRequest.newBuilder()
                                .setCollectionName("docs")
                                .build())
                        .getState())
                .isEqualTo(LoadState.LoadStateLoading);
    }
}
