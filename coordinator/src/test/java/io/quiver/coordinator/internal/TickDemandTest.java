package io.quiver.coordinator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.coordinator.internal.TickDemand.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TickDemandTest {
    private static final Duration INTERVAL = Duration.ofMillis(200);

    private final MutableClock clock = new MutableClock(1_000_000);
    private final TickDemand demand = new TickDemand(clock, INTERVAL);

    @Test
    void ticksAtOnceThenEveryInterval() {
        assertThat(demand.next().kind()).isEqualTo(Kind.SCHEDULED);
        TickDemand.Next waiting = demand.next();
        assertThat(waiting.kind()).isEqualTo(Kind.NONE);
        assertThat(waiting.waitMillis()).isEqualTo(200);

        clock.advance(Duration.ofMillis(199));
        assertThat(demand.next().kind()).isEqualTo(Kind.NONE);
        clock.advance(Duration.ofMillis(1));
        assertThat(demand.next().kind()).isEqualTo(Kind.SCHEDULED);
    }

    @Test
    void requestsAreDueAtOnceAndCoalesced() {
        demand.next();
        demand.request(5_000);
        demand.request(5_010);

        TickDemand.Next next = demand.next();

        assertThat(next.kind()).isEqualTo(Kind.REQUESTED);
        assertThat(demand.next().kind()).isEqualTo(Kind.NONE);
        assertThat(demand.pendingTarget()).isEqualTo(5_010);
    }

    @Test
    void aRequestTheTickReachedIsNoLongerPendingAndReportsThenDoNothing() {
        demand.next();
        demand.request(5_000);
        demand.next();

        demand.published(5_000);
        demand.writersAdvanced();

        assertThat(demand.pending()).isFalse();
        assertThat(demand.next().kind()).isEqualTo(Kind.NONE);
    }

    @Test
    void aRequestTheTickFellShortOfIsRetriedOnTheNextReportNotAtTheInterval() {
        demand.next();
        demand.request(5_000);
        assertThat(demand.next().kind()).isEqualTo(Kind.REQUESTED);
        demand.published(4_900);
        assertThat(demand.pending()).isTrue();
        assertThat(demand.next().kind()).isEqualTo(Kind.NONE);

        demand.writersAdvanced();
        demand.writersAdvanced();

        TickDemand.Next retry = demand.next();
        assertThat(retry.kind()).isEqualTo(Kind.RETRY);
        assertThat(retry.atLeast()).isEqualTo(5_000);
        assertThat(demand.next().kind()).as("reports coalesce into one retry").isEqualTo(Kind.NONE);

        demand.writersAdvanced();
        assertThat(demand.next().kind()).isEqualTo(Kind.RETRY);
        demand.published(5_003);
        demand.writersAdvanced();
        assertThat(demand.next().kind()).isEqualTo(Kind.NONE);
    }

    @Test
    void withNothingPendingReportsNeverMakeATickDue() {
        demand.next();
        for (int i = 0; i < 100; i++) {
            demand.writersAdvanced();
            assertThat(demand.next().kind()).isEqualTo(Kind.NONE);
        }
        clock.advance(INTERVAL);
        assertThat(demand.next().kind()).isEqualTo(Kind.SCHEDULED);
    }

    @Test
    void aRequestBelowThePublishedTickIsNotPending() {
        demand.next();
        demand.published(9_000);

        demand.request(8_000);

        assertThat(demand.next().kind()).isEqualTo(Kind.REQUESTED);
        assertThat(demand.pending()).isFalse();
    }

    @Test
    void afterAFailedTickReportsWaitForTheInterval() {
        demand.next();
        demand.request(5_000);
        demand.next();
        demand.failed();

        demand.writersAdvanced();
        TickDemand.Next waiting = demand.next();
        assertThat(waiting.kind()).isEqualTo(Kind.NONE);
        assertThat(waiting.waitMillis()).isEqualTo(200);

        clock.advance(INTERVAL);
        assertThat(demand.next().kind()).isEqualTo(Kind.SCHEDULED);
        assertThat(demand.pending()).isTrue();
    }
}
