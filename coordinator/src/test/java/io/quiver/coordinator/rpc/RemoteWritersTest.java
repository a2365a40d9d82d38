package io.quiver.coordinator.rpc;

import static io.quiver.coordinator.rpc.CoordinatorRpcTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RemoteWritersTest {
    private static final Duration EXPIRE_AFTER = Duration.ofSeconds(10);

    private final FakeCoordinator coordinator = new FakeCoordinator();
    private final TestClock clock = new TestClock();
    private final AtomicInteger signals = new AtomicInteger();
    private final RemoteWriters writers = new RemoteWriters(coordinator, signals::incrementAndGet, EXPIRE_AFTER, clock);

    @AfterEach
    void close() {
        writers.close();
    }

    @Test
    void theFirstReportRegistersAWriterWithTheCoordinator() {
        writers.report("proxy-a", 500);

        assertThat(coordinator.writers).hasSize(1);
        assertThat(coordinator.writers.getFirst().safeTimestamp()).isEqualTo(500);
        assertThat(writers.writerIds()).containsExactly("proxy-a");

        writers.report("proxy-b", 300);
        writers.report("proxy-a", 600);

        assertThat(coordinator.writers).hasSize(2);
        assertThat(coordinator.writers.stream().map(w -> w.safeTimestamp())).containsExactlyInAnyOrder(600L, 300L);
    }

    @Test
    void reportsNeverMoveASafeTimestampBackwards() {
        writers.report("proxy-a", 900);
        writers.report("proxy-a", 400);

        assertThat(coordinator.writers.getFirst().safeTimestamp()).isEqualTo(900);
        writers.report("proxy-a", 901);
        assertThat(coordinator.writers.getFirst().safeTimestamp()).isEqualTo(901);
    }

    @Test
    void everyReportSignalsTheListener() {
        writers.report("proxy-a", 1);
        writers.report("proxy-a", 2);
        writers.report("proxy-b", 2);

        assertThat(signals).hasValue(3);
    }

    @Test
    void aWriterSilentForExpireAfterIsUnregisteredAndNotBefore() {
        writers.report("proxy-a", 500);
        writers.report("proxy-b", 500);
        clock.advance(Duration.ofSeconds(6));
        writers.report("proxy-b", 600);

        clock.advance(EXPIRE_AFTER.minusSeconds(6).minusMillis(1));
        assertThat(writers.expireSilent()).isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(writers.expireSilent()).isEqualTo(1);

        assertThat(writers.writerIds()).containsExactly("proxy-b");
        assertThat(coordinator.writers).hasSize(1);
        assertThat(coordinator.writers.getFirst().safeTimestamp()).isEqualTo(600);
    }

    @Test
    void anExpiredWriterThatReportsAgainIsRegisteredAgain() {
        writers.report("proxy-a", 500);
        clock.advance(EXPIRE_AFTER);
        writers.expireSilent();
        assertThat(coordinator.writers).isEmpty();

        writers.report("proxy-a", 800);

        assertThat(coordinator.writers).hasSize(1);
        assertThat(coordinator.writers.getFirst().safeTimestamp()).isEqualTo(800);
    }

    @Test
    void reportsOfAnUnregisteredWriterAreIgnoredForExpireAfter() {
        writers.report("proxy-a", 500);
        writers.unregister("proxy-a");
        assertThat(coordinator.writers).isEmpty();

        writers.report("proxy-a", 510); // a report that was in flight
        assertThat(coordinator.writers).isEmpty();

        clock.advance(EXPIRE_AFTER);
        writers.expireSilent();
        writers.report("proxy-a", 900);
        assertThat(writers.writerIds()).containsExactly("proxy-a");
    }

    @Test
    void aReportNeedsAWriterId() {
        assertThatThrownBy(() -> writers.report(" ", 1))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void theStartedExpiryThreadUnregistersSilentWriters() {
        try (RemoteWriters fast = new RemoteWriters(coordinator, () -> {}, Duration.ofMillis(40), clock)) {
            fast.start();
            fast.report("proxy-a", 500);
            assertThat(coordinator.writers).hasSize(1);

            clock.advance(Duration.ofMillis(40));

            awaitTrue(() -> coordinator.writers.isEmpty());
            assertThat(fast.writerIds()).isEmpty();
        }
    }

    @Test
    void closingUnregistersEveryWriter() {
        writers.report("proxy-a", 500);
        writers.report("proxy-b", 500);

        writers.close();

        assertThat(coordinator.writers).isEmpty();
    }
}
