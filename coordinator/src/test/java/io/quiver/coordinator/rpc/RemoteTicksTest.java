package io.quiver.coordinator.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.embedded.EmbeddedMetaStore;
import io.quiver.common.wal.WalEntries;
import io.quiver.coordinator.CoordinatorConfig;
import io.quiver.coordinator.CoordinatorNode;
import io.quiver.coordinator.NodeAddress;
import io.quiver.wal.LogPosition;
import io.quiver.wal.LogReader;
import io.quiver.wal.WriteAheadLog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strong reads with writers in two other processes: the tick a read requests reaches the read's timestamp
 * once the other process's writer reports again, with no help from the tick interval (one hour here).
 */
class RemoteTicksTest {
    @TempDir
    Path directory;

    private final InProcessPeers peers = new InProcessPeers();
    private final TickLog log = new TickLog();
    private MetaStore metaStore;
    private CoordinatorNode node;
    private RemoteWriters writers;
    private NodeAddress leader;

    @BeforeEach
    void start() {
        metaStore = EmbeddedMetaStore.open(directory, Clock.systemUTC());
        node = CoordinatorNode.open(
                metaStore, log, new CoordinatorConfig("dml", 2, Duration.ofHours(1)), Clock.systemUTC());
        node.start();
        writers = new RemoteWriters(node, node::writersAdvanced, RemoteWriters.DEFAULT_EXPIRE_AFTER, Clock.systemUTC());
        writers.start();
        leader = peers.start("coordinator-1", new CoordinatorRpcService(node, new FakeShardRoutes(), writers));
    }

    @AfterEach
    void close() {
        peers.close();
        writers.close();
        node.close();
        metaStore.close();
    }

    @Test
    void aRequestedTickReachesAFreshTimestampWithinAFewReportIntervals() {
        try (RemoteCoordinator proxyA = remote();
                RemoteCoordinator proxyB = remote()) {
            // idle writers, as an idle proxy's WriteStamper: safe up to a fresh timestamp
            proxyA.registerWriter(() -> proxyA.timestampOracle().allocate());
            proxyB.registerWriter(() -> proxyB.timestampOracle().allocate());

            List<Long> waits = new ArrayList<>();
            for (int read = 0; read < 20; read++) {
                long readTimestamp = proxyA.timestampOracle().allocate();
                long start = System.nanoTime();
                proxyA.requestTick();
                long deadline = start + Duration.ofSeconds(10).toNanos();
                while (log.lastTick("dml-0") < readTimestamp || log.lastTick("dml-1") < readTimestamp) {
                    assertThat(System.nanoTime())
                            .as("a tick reaching read %d within 10 s", read)
                            .isLessThan(deadline);
                    java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                }
                waits.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
            }

            System.out.println("RemoteTicksTest waits in ms: " + waits);
            assertThat(waits).allMatch(wait -> wait < 2_000);
        }
    }

    private RemoteCoordinator remote() {
        return new RemoteCoordinator(() -> leader, node.catalog(), peers.channels(), RemoteCoordinatorConfig.DEFAULTS);
    }

    /** Keeps the last tick of each channel. */
    private static final class TickLog implements WriteAheadLog {
        private final java.util.Map<String, Long> last = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public CompletableFuture<LogPosition> append(String channel, byte[] payload) {
            last.merge(channel, WalEntries.decode(payload).getTimestamp(), Math::max);
            return CompletableFuture.completedFuture(new LogPosition(new byte[] {1}));
        }

        long lastTick(String channel) {
            return last.getOrDefault(channel, 0L);
        }

        @Override
        public LogReader open(String channel, LogPosition after) {
            throw new UnsupportedOperationException("the tick log cannot be read");
        }

        @Override
        public void truncateBefore(String channel, LogPosition position) {
            throw new UnsupportedOperationException("the tick log cannot be truncated");
        }

        @Override
        public LogPosition lastPosition(String channel) {
            throw new UnsupportedOperationException("the tick log has no positions");
        }

        @Override
        public void close() {}
    }
}
