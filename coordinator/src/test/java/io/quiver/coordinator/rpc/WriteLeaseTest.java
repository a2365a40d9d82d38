package io.quiver.coordinator.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.coordinator.NodeAddress;
import io.quiver.coordinator.TickSource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A writer's lease runs while the leader acknowledges its reports, and lapses a lease after the leader
 * stops (here: it cannot confirm it still leads); a leader that cannot confirm also hands out no
 * timestamps.
 */
class WriteLeaseTest {
    private static final Duration LEASE = Duration.ofMillis(200);
    private static final RemoteCoordinatorConfig CONFIG = RemoteCoordinatorConfig.DEFAULTS
            .withReportInterval(Duration.ofMillis(5))
            .withWriteLease(LEASE)
            .withFailoverTimeout(Duration.ofMillis(100));

    private final InProcessPeers peers = new InProcessPeers();
    private final FakeCoordinator leader = new FakeCoordinator();
    private final AtomicBoolean uncertain = new AtomicBoolean();
    private RemoteWriters writers;
    private NodeAddress leaderAddress;

    @BeforeEach
    void start() {
        writers = new RemoteWriters(leader, () -> {}, Duration.ofSeconds(10), new TestClock());
        Leadership leadership = () -> {
            if (uncertain.get()) {
                throw new QuiverException(ErrorCode.UNAVAILABLE, "not sure it leads");
            }
        };
        leaderAddress = peers.start(
                "coordinator-1", new CoordinatorRpcService(leader, new FakeShardRoutes(), writers, leadership));
    }

    @AfterEach
    void close() {
        writers.close();
        peers.close();
    }

    @Test
    void theLeaseLapsesWhenTheLeaderStopsAcknowledgingAndReturnsWhenItResumes() throws InterruptedException {
        AtomicLong safe = new AtomicLong(500);
        TickSource writer = safe::get;
        TickSource stranger = () -> 1;
        try (RemoteCoordinator remote =
                new RemoteCoordinator(() -> leaderAddress, new FakeCatalog(), peers.channels(), CONFIG)) {
            assertThat(remote.holdsWriteLease(writer)).as("not registered").isFalse();
            remote.registerWriter(writer);
            assertThat(remote.holdsWriteLease(writer)).isTrue();
            assertThat(remote.holdsWriteLease(stranger)).isFalse();

            uncertain.set(true);
            assertThat(awaitTrue(() -> !remote.holdsWriteLease(writer), Duration.ofSeconds(5)))
                    .as("the lease lapses")
                    .isTrue();
            assertThatThrownBy(() -> remote.timestampOracle().allocate())
                    .isInstanceOfSatisfying(
                            QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));

            uncertain.set(false);
            assertThat(awaitTrue(() -> remote.holdsWriteLease(writer), Duration.ofSeconds(5)))
                    .as("the next acknowledged report renews it")
                    .isTrue();
            assertThat(remote.timestampOracle().allocate()).isPositive();

            remote.unregisterWriter(writer);
            assertThat(remote.holdsWriteLease(writer)).isFalse();
        }
    }

    @Test
    void theLeaseRunsFromWhenTheAcknowledgedReportWasSent() throws InterruptedException {
        AtomicLong safe = new AtomicLong(500);
        TickSource writer = safe::get;
        RemoteCoordinatorConfig rare = CONFIG.withReportInterval(Duration.ofHours(1));
        try (RemoteCoordinator remote =
                new RemoteCoordinator(() -> leaderAddress, new FakeCatalog(), peers.channels(), rare)) {
            long registered = System.nanoTime();
            remote.registerWriter(writer);
            assertThat(awaitTrue(() -> !remote.holdsWriteLease(writer), Duration.ofSeconds(5)))
                    .isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - registered))
                    .as("no report after the first, so the lease ends one lease after it")
                    .isGreaterThanOrEqualTo(LEASE)
                    .isLessThan(LEASE.multipliedBy(10));
        }
    }

    private static boolean awaitTrue(BooleanSupplier condition, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(2);
        }
        return true;
    }
}
