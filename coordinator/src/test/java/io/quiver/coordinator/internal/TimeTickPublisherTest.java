package io.quiver.coordinator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.wal.WalEntries;
import io.quiver.coordinator.TickSource;
import io.quiver.coordinator.TimestampOracle;
import io.quiver.proto.wal.WalEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TimeTickPublisherTest {
    private static final List<String> CHANNELS = List.of("dml-0", "dml-1", "dml-2");

    private final RecordingWriteAheadLog log = new RecordingWriteAheadLog();
    private final AtomicLong lastAllocated = new AtomicLong(1_000);
    private final TimestampOracle tso = lastAllocated::incrementAndGet;

    @Test
    void tickIsTheOldestSafeTimestampOfTheRegisteredWriters() {
        try (TimeTickPublisher publisher = publisher()) {
            publisher.register(() -> 700);
            publisher.register(() -> 500);

            assertThat(publisher.tick()).isEqualTo(500);

            for (String channel : CHANNELS) {
                assertThat(ticks(channel)).containsExactly(500L);
            }
        }
    }

    @Test
    void tickEntriesAreVersionedTimeTicks() {
        try (TimeTickPublisher publisher = publisher()) {
            publisher.tick();

            WalEntry entry = WalEntries.decode(log.entries("dml-1").getFirst());
            assertThat(entry.getFormatVersion()).isEqualTo(WalEntries.FORMAT_VERSION);
            assertThat(entry.getBodyCase()).isEqualTo(WalEntry.BodyCase.TIME_TICK);
            assertThat(entry.getTimestamp()).isEqualTo(1_001);
        }
    }

    @Test
    void withoutWritersTheTickIsAFreshOracleTimestamp() {
        try (TimeTickPublisher publisher = publisher()) {
            long tick = publisher.tick();

            assertThat(tick).isEqualTo(lastAllocated.get());
            assertThat(ticks("dml-0")).containsExactly(tick);
        }
    }

    @Test
    void tickThatWouldNotAdvanceIsNotAppendedAgain() {
        AtomicLong safe = new AtomicLong(500);
        try (TimeTickPublisher publisher = publisher()) {
            publisher.register(safe::get);
            publisher.tick();

            assertThat(publisher.tick()).isEqualTo(500);
            publisher.register(() -> 300);
            assertThat(publisher.tick()).isEqualTo(500);

            assertThat(ticks("dml-2")).containsExactly(500L);
        }
    }

    @Test
    void unregisteringALaggingWriterLetsTicksAdvance() {
        TickSource lagging = () -> 200;
        AtomicLong safe = new AtomicLong(600);
        try (TimeTickPublisher publisher = publisher()) {
            publisher.register(lagging);
            publisher.register(safe::get);
            assertThat(publisher.tick()).isEqualTo(200);

            publisher.unregister(lagging);

            assertThat(publisher.tick()).isEqualTo(600);
            safe.set(900);
            assertThat(publisher.tick()).isEqualTo(900);
            assertThat(ticks("dml-0")).containsExactly(200L, 600L, 900L);
        }
    }

    @Test
    void ticksNeverPassAnyWritersSafeTimestampAndStrictlyIncreaseOnEveryChannel() {
        long seed = Long.getLong("quiver.test.seed", System.nanoTime());
        System.out.println("seed=" + seed);
        Random random = new Random(seed);
        List<AtomicLong> safes = new ArrayList<>();
        List<TickSource> sources = new ArrayList<>();
        List<Long> published = new ArrayList<>();
        try (TimeTickPublisher publisher = publisher()) {
            for (int step = 0; step < 2_000; step++) {
                int action = random.nextInt(10);
                if ((action == 0 && sources.size() < 5) || sources.isEmpty()) {
                    AtomicLong safe = new AtomicLong(lastAllocated.get() - random.nextInt(500));
                    safes.add(safe);
                    TickSource source = safe::get;
                    sources.add(source);
                    publisher.register(source);
                } else if (action == 1 && sources.size() > 1) {
                    int victim = random.nextInt(sources.size());
                    publisher.unregister(sources.remove(victim));
                    safes.remove(victim);
                } else {
                    AtomicLong safe = safes.get(random.nextInt(safes.size()));
                    safe.addAndGet(random.nextInt(50));
                }
                lastAllocated.addAndGet(random.nextInt(20));
                long oldestSafe =
                        safes.stream().mapToLong(AtomicLong::get).min().orElseThrow();
                long before = published.isEmpty() ? Long.MIN_VALUE : published.getLast();

                long tick = publisher.tick();

                assertThat(tick).as("step %d", step).isGreaterThanOrEqualTo(before);
                assertThat(tick).as("step %d", step).isLessThanOrEqualTo(lastAllocated.get());
                if (tick > before) {
                    assertThat(tick).as("step %d", step).isLessThanOrEqualTo(oldestSafe);
                    published.add(tick);
                }
            }
        }
        assertThat(published).hasSizeGreaterThan(100);
        for (String channel : CHANNELS) {
            List<Long> ticks = ticks(channel);
            assertThat(ticks).isEqualTo(published);
            assertThat(ticks).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void failedAppendDoesNotCountAsPublished() {
        AtomicLong safe = new AtomicLong(500);
        try (TimeTickPublisher publisher = publisher()) {
            publisher.register(safe::get);
            log.failing = true;
            assertThatThrownBy(publisher::tick).hasMessageContaining("is down");

            log.failing = false;

            assertThat(publisher.tick()).isEqualTo(500);
            assertThat(ticks("dml-0")).containsExactly(500L);
        }
    }

    @Test
    void startedPublisherTicksEveryIntervalUntilClosed() throws InterruptedException {
        TimeTickPublisher publisher = new TimeTickPublisher(log, tso, CHANNELS, Duration.ofMillis(1));
        try (publisher) {
            publisher.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (CHANNELS.stream().anyMatch(c -> log.entries(c).size() < 5) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
        int afterClose = log.entries("dml-0").size();
        Thread.sleep(30);

        assertThat(log.entries("dml-0")).hasSize(afterClose);
        for (String channel : CHANNELS) {
            assertThat(ticks(channel)).hasSizeGreaterThanOrEqualTo(5).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void aPendingRequestIsPublishedAsSoonAsAReportReachesItNotAtTheInterval() {
        AtomicLong lagging = new AtomicLong(1_000);
        AtomicInteger reads = new AtomicInteger();
        TimeTickPublisher publisher = new TimeTickPublisher(log, tso, CHANNELS, Duration.ofHours(1));
        try (publisher) {
            publisher.register(() -> {
                reads.incrementAndGet();
                return lagging.get();
            });
            publisher.start();
            awaitTicks(1);
            awaitTrue(() -> reads.get() == 1);

            publisher.requestTick(); // the requested tick is held at 1000 by the lagging writer
            awaitTrue(() -> reads.get() == 2);
            long target = lastAllocated.get(); // at least the timestamp allocated at request time
            lagging.set(1_001); // a report that does not reach the request's timestamp
            publisher.writersAdvanced();
            awaitTrue(() -> reads.get() == 3);
            assertThat(ticks("dml-0")).containsExactly(1_000L);

            lagging.set(target + 3);
            publisher.writersAdvanced();

            awaitTicks(2);
            assertThat(ticks("dml-0").getLast()).isBetween(target, target + 3);
            sleep(50);
            assertThat(ticks("dml-0")).hasSize(2);
        }
    }

    @Test
    void withNothingPendingReportsAppendNoTicks() {
        AtomicLong safe = new AtomicLong(1_000);
        TimeTickPublisher publisher = new TimeTickPublisher(log, tso, CHANNELS, Duration.ofHours(1));
        try (publisher) {
            publisher.register(safe::get);
            publisher.start();
            awaitTicks(1);

            for (int i = 0; i < 50; i++) {
                safe.set(lastAllocated.incrementAndGet());
                publisher.writersAdvanced();
            }
            sleep(100);

            assertThat(ticks("dml-0")).containsExactly(1_000L);
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            sleep(1);
        }
    }

    private void awaitTicks(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (CHANNELS.stream().anyMatch(c -> log.entries(c).size() < count)) {
            assertThat(System.nanoTime()).as("%d ticks within 10 s", count).isLessThan(deadline);
            sleep(1);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private TimeTickPublisher publisher() {
        return new TimeTickPublisher(log, tso, CHANNELS, Duration.ofMillis(50));
    }

    private List<Long> ticks(String channel) {
        return log.entries(channel).stream()
                .map(WalEntries::decode)
                .map(entry -> {
                    assertThat(entry.getBodyCase()).isEqualTo(WalEntry.BodyCase.TIME_TICK);
                    return entry.getTimestamp();
                })
                .toList();
    }
}
