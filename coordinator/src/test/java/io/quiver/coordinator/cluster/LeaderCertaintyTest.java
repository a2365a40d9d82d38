package io.quiver.coordinator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.embedded.EmbeddedMetaStore;
import io.quiver.coordinator.NodeAddress;
import io.quiver.coordinator.internal.ForwardingMetaStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leader acts only while its session lease surely lives: when renewals fail for a ttl (the meta store
 * unreachable), {@link LeaderElection#confirm} refuses, although the session is not lost; once renewals
 * succeed again it confirms again.
 */
class LeaderCertaintyTest {
    private static final Duration TTL = Duration.ofMillis(300);

    @TempDir
    Path directory;

    private MetaStore store;
    private final AtomicBoolean unreachable = new AtomicBoolean();
    private final AtomicBoolean lost = new AtomicBoolean();
    private NodeSession session;

    @BeforeEach
    void start() {
        // a frozen clock: the embedded store never expires the lease, as a restarted etcd extends it
        store = EmbeddedMetaStore.open(directory, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        MetaStore flaky = new ForwardingMetaStore(store) {
            @Override
            public boolean keepAlive(long leaseId) {
                if (unreachable.get()) {
                    throw new QuiverException(ErrorCode.UNAVAILABLE, "meta store unreachable");
                }
                return super.keepAlive(leaseId);
            }
        };
        session = NodeSession.register(
                flaky,
                NodeRole.COORDINATOR,
                new NodeAddress("coordinator-1", "127.0.0.1", 1),
                TTL,
                Clock.systemUTC(),
                () -> lost.set(true));
    }

    @AfterEach
    void stop() {
        session.close();
        store.close();
    }

    @Test
    void aLeaderThatCannotRenewItsSessionStopsConfirmingUntilItRenewsAgain() throws InterruptedException {
        LeaderElection election = new LeaderElection(store, session);
        assertThatThrownBy(election::confirm).hasMessageContaining("cannot be sure it still leads");
        election.awaitLeadership(Duration.ofMillis(10));
        election.confirm();

        unreachable.set(true);
        Thread.sleep(TTL.toMillis() + 150);

        assertThat(session.surelyAlive()).isFalse();
        assertThatThrownBy(election::confirm)
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("coordinator coordinator-1 cannot be sure it still leads");
        assertThat(lost).as("an unreachable store does not end the session").isFalse();

        unreachable.set(false);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!session.surelyAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        election.confirm();
        assertThat(lost).isFalse();
    }

    @Test
    void aStandbyNeverConfirms() {
        LeaderElection standby = new LeaderElection(store, session);
        assertThatThrownBy(standby::confirm).isInstanceOfSatisfying(QuiverException.class, e -> assertThat(e.code())
                .isEqualTo(ErrorCode.UNAVAILABLE));
    }
}
