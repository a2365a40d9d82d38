package io.quiver.coordinator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.Timestamps;
import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.embedded.EmbeddedMetaStore;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistentTimestampOracleTest {
    private static final long START = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path directory;

    private MetaStore metaStore;

    @BeforeEach
    void openStore() {
        metaStore = EmbeddedMetaStore.open(directory, Clock.systemUTC());
    }

    @AfterEach
    void closeStore() {
        metaStore.close();
    }

    @Test
    void timestampsStrictlyIncreaseAndAreUniqueAcrossFourThreads() throws Exception {
        PersistentTimestampOracle oracle = PersistentTimestampOracle.open(metaStore, new JitteryClock(START));
        int perThread = 50_000;
        List<Callable<long[]>> tasks = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            tasks.add(() -> {
                long[] seen = new long[perThread];
                for (int i = 0; i < perThread; i++) {
                    seen[i] = oracle.allocate();
                }
                return seen;
            });
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        Set<Long> all = new HashSet<>();
        try {
            for (Future<long[]> result : threads.invokeAll(tasks)) {
                long[] seen = result.get();
                for (int i = 1; i < seen.length; i++) {
                    assertThat(seen[i]).as("allocation %d of one thread", i).isGreaterThan(seen[i - 1]);
                }
                for (long ts : seen) {
                    all.add(ts);
                }
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(all).hasSize(4 * perThread);
    }

    @Test
    void logicalCounterOverflowRollsIntoTheNextMillisecond() {
        PersistentTimestampOracle oracle = PersistentTimestampOracle.open(metaStore, new MutableClock(START));

        long first = oracle.allocate();
        long last = first;
        for (long i = 1; i <= Timestamps.LOGICAL_MASK; i++) {
            long next = oracle.allocate();
            assertThat(next).isEqualTo(last + 1);
            last = next;
        }
        long rolled = oracle.allocate();
        long afterRoll = oracle.allocate();

        assertThat(first).isEqualTo(Timestamps.compose(START, 0));
        assertThat(last).isEqualTo(Timestamps.compose(START, Timestamps.LOGICAL_MASK));
        assertThat(rolled).isEqualTo(Timestamps.compose(START + 1, 0));
        assertThat(afterRoll).isEqualTo(Timestamps.compose(START + 1, 1));
    }

    @Test
    void followsTheClockWhenItMovesForward() {
        MutableClock clock = new MutableClock(START);
        PersistentTimestampOracle oracle = PersistentTimestampOracle.open(metaStore, clock);
        oracle.allocate();
        oracle.allocate();

        clock.advance(Duration.ofMillis(7));

        assertThat(oracle.allocate()).isEqualTo(Timestamps.compose(START + 7, 0));
    }

    @Test
    void reopenedOracleStaysAboveEveryEarlierTimestampEvenWhenTheClockWentBackTenSeconds() {
        MutableClock clock = new MutableClock(START);
        PersistentTimestampOracle first = PersistentTimestampOracle.open(metaStore, clock);
        long highest = 0;
        for (int i = 0; i < 1_000; i++) {
            highest = first.allocate();
        }
        clock.advance(Duration.ofSeconds(5));
        for (int i = 0; i < 1_000; i++) {
            highest = first.allocate();
        }

        clock.advance(Duration.ofSeconds(-10));
        PersistentTimestampOracle reopened = PersistentTimestampOracle.open(metaStore, clock);

        long previous = highest;
        for (int i = 0; i < 1_000; i++) {
            long next = reopened.allocate();
            assertThat(next).isGreaterThan(previous);
            previous = next;
        }
    }

    @Test
    void boundSurvivesAMetaStoreRestartWithinTheSameMillisecond() {
        MutableClock frozen = new MutableClock(START);
        long highest = 0;
        for (int i = 0; i < 10; i++) {
            highest = PersistentTimestampOracle.open(metaStore, frozen).allocate();
        }
        metaStore.close();
        metaStore = EmbeddedMetaStore.open(directory, Clock.systemUTC());

        long afterRestart = PersistentTimestampOracle.open(metaStore, frozen).allocate();

        assertThat(afterRestart).isGreaterThan(highest);
    }

    @Test
    void persistedBoundStaysAheadOfEveryTimestampByAtMostTheReservation() {
        long seed = Long.getLong("quiver.test.seed", System.nanoTime());
        System.out.println("seed=" + seed);
        Random random = new Random(seed);
        MutableClock clock = new MutableClock(START);
        PersistentTimestampOracle oracle = PersistentTimestampOracle.open(metaStore, clock);
        long previous = 0;
        long latestClock = clock.millis();
        for (int i = 0; i < 2_000; i++) {
            clock.advance(Duration.ofMillis(random.nextInt(-200, 1_500)));
            latestClock = Math.max(latestClock, clock.millis());
            long ts = oracle.allocate();
            long bound = persistedBound();
            long physical = Timestamps.physicalMillis(ts);
            assertThat(ts).as("allocation %d", i).isGreaterThan(previous);
            assertThat(bound)
                    .as("bound after allocation %d", i)
                    .isGreaterThan(physical)
                    .isLessThanOrEqualTo(Math.max(physical, latestClock) + PersistentTimestampOracle.RESERVE_MILLIS);
            previous = ts;
        }
    }

    @Test
    void doesNotWriteTheMetaStoreWhileInsideTheReservation() {
        MutableClock clock = new MutableClock(START);
        PersistentTimestampOracle oracle = PersistentTimestampOracle.open(metaStore, clock);
        long revision = metaStore.revision();

        for (int i = 0; i < 1_000; i++) {
            clock.advance(Duration.ofMillis(1));
            oracle.allocate();
        }
        assertThat(metaStore.revision()).isEqualTo(revision);

        clock.advance(Duration.ofMillis(PersistentTimestampOracle.RESERVE_MILLIS));
        oracle.allocate();
        assertThat(metaStore.revision()).isGreaterThan(revision);
    }

    private long persistedBound() {
        return ByteBuffer.wrap(metaStore
                        .get(PersistentTimestampOracle.KEY)
                        .orElseThrow()
                        .value())
                .getLong();
    }

    /** A clock that creeps forward one millisecond per 256 reads and steps back 2 ms on every third read. */
    @Test
    void aDeposedLeaderStopsHandingOutTimestampsInsteadOfLoweringTheBound() {
        metaStore.put("leader", new byte[] {1});
        long wonAt = metaStore.get("leader").orElseThrow().modRevision();
        MutableMillisClock clock = new MutableMillisClock(START);
        PersistentTimestampOracle deposed = PersistentTimestampOracle.open(
                metaStore, clock, List.of(io.quiver.common.meta.Compare.unchangedSince("leader", wonAt)));
        long last = deposed.allocate();

        metaStore.put("leader", new byte[] {2}); // a successor won
        PersistentTimestampOracle successor = PersistentTimestampOracle.open(metaStore, clock);
        clock.millis += PersistentTimestampOracle.RESERVE_MILLIS + 1; // the deposed one must reserve again

        assertThatThrownBy(deposed::allocate)
                .isInstanceOfSatisfying(io.quiver.common.QuiverException.class, e -> assertThat(e.code())
                        .isEqualTo(io.quiver.common.ErrorCode.UNAVAILABLE))
                .hasMessageContaining("no longer the leader");
        assertThat(successor.allocate()).isGreaterThan(last);
    }

    private static final class MutableMillisClock extends Clock {
        long millis;

        MutableMillisClock(long millis) {
            this.millis = millis;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    private static final class JitteryClock extends Clock {
        private final long start;
        private final AtomicLong reads = new AtomicLong();

        JitteryClock(long start) {
            this.start = start;
        }

        @Override
        public long millis() {
            long n = reads.getAndIncrement();
            return start + n / 256 - (n % 3 == 0 ? 2 : 0);
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("test clock stays in UTC");
        }
    }
}
