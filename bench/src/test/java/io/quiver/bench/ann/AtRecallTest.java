package io.quiver.bench.ann;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AtRecallTest {
    private static SweepPoint point(String system, int ef, double recall, double qps) {
        return new SweepPoint(system, "none", ef, recall, qps, 1, 2, 2, qps * 1.5);
    }

    private final List<SweepPoint> points = List.of(
            point("a", 10, 0.90, 9_000),
            point("a", 20, 0.96, 6_000),
            point("a", 40, 0.99, 4_000),
            point("b", 10, 0.95, 3_000),
            point("b", 20, 0.97, 2_000));

    @Test
    void bestQpsAmongPointsThatReachTheRecall() {
        assertThat(AtRecall.qps(points, "a", "none", 0.95)).hasValue(6_000);
        assertThat(AtRecall.qps(points, "a", "none", 0.99)).hasValue(4_000);
        assertThat(AtRecall.qps(points, "b", "none", 0.95)).hasValue(3_000);
        assertThat(AtRecall.qpsThreads(points, "a", "none", 0.95)).hasValue(9_000);
    }

    @Test
    void aSystemThatNeverReachesTheRecallHasNoFigureAndNoRatio() {
        assertThat(AtRecall.qps(points, "b", "none", 0.99)).isEmpty();
        assertThat(AtRecall.ratio(AtRecall.qps(points, "a", "none", 0.99), AtRecall.qps(points, "b", "none", 0.99)))
                .isEmpty();
        assertThat(AtRecall.ratio(AtRecall.qps(points, "a", "none", 0.95), AtRecall.qps(points, "b", "none", 0.95)))
                .hasValue(2.0);
    }

    @Test
    void otherFiltersAreNotMixedIn() {
        assertThat(AtRecall.qps(points, "a", "10%", 0.5)).isEmpty();
    }
}
