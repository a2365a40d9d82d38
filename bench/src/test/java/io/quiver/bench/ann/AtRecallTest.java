package io.quiver.bench.ann;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
    void pointsThatReachTheRecallCountAsTheyAre() {
        assertThat(AtRecall.qps(points, "a", "none", 0.99)).hasValue(4_000);
        assertThat(AtRecall.qps(points, "b", "none", 0.95)).hasValue(3_000);
    }

    @Test
    void theCurveIsReadBetweenTheTwoPointsThatBracketTheRecall() {
        // a: 0.90 at 9,000 and 0.96 at 6,000; 0.95 is 5/6 of the way: 9,000 * (6,000/9,000)^(5/6)
        double expected = 9_000 * Math.pow(6_000.0 / 9_000, 5.0 / 6);
        assertThat(AtRecall.qps(points, "a", "none", 0.95).getAsDouble()).isCloseTo(expected, within(0.01));
        assertThat(AtRecall.qpsThreads(points, "a", "none", 0.95).getAsDouble())
                .isCloseTo(expected * 1.5, within(0.01));
    }

    @Test
    void aSystemThatNeverReachesTheRecallHasNoFigureAndNoRatio() {
        assertThat(AtRecall.qps(points, "b", "none", 0.99)).isEmpty();
        assertThat(AtRecall.ratio(AtRecall.qps(points, "a", "none", 0.99), AtRecall.qps(points, "b", "none", 0.99)))
                .isEmpty();
        assertThat(AtRecall.ratio(AtRecall.qps(points, "a", "none", 0.99), AtRecall.qps(points, "a", "none", 0.99)))
                .hasValue(1.0);
    }

    @Test
    void otherFiltersAreNotMixedIn() {
        assertThat(AtRecall.qps(points, "a", "10%", 0.5)).isEmpty();
    }
}
