package io.quiver.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.wal.WalEntries;
import io.quiver.coordinator.TimestampOracle;
import io.quiver.proto.wal.DeleteBody;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WriteStamperTest {
    private static final byte[] BODY =
            WalEntries.deleteBody(DeleteBody.newBuilder().setCollectionId(1).build());

    /** Strictly increasing timestamps 1, 2, 3, ... */
    private static final class CountingOracle implements TimestampOracle {
        private final AtomicLong last = new AtomicLong();

        @Override
        public long allocate() {
            return last.incrementAndGet();
        }
    }

    private final CountingOracle tso = new CountingOracle();
    private final ExecutorService threads = Executors.newFixedThreadPool(6);

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private static Map<String, List<byte[]>> bodies(String... channels) {
        Map<String, List<byte[]>> bodies = new TreeMap<>();
        for (String channel : channels) {
            bodies.computeIfAbsent(channel, c -> new ArrayList<>()).add(BODY);
        }
        return bodies;
    }

    @Test
    void oneTimestampPerRequestOnEveryEntry() {
        FakeWriteAheadLog wal = new FakeWriteAheadLog(false);
        WriteStamper stamper = new WriteStamper(tso, wal);

        long first = stamper.write(bodies("a", "b", "b"));
        long second = stamper.write(bodies("b"));

        assertThat(second).isGreaterThan(first);
        assertThat(wal.appended()).isEqualTo(Map.of("a", List.of(first), "b", List.of(first, first, second)));
    }

    @Test
    void idleStamperReportsAFreshTimestamp() {
        WriteStamper stamper = new WriteStamper(tso, new FakeWriteAheadLog(false));
        long written = stamper.write(bodies("a"));

        long safe = stamper.safeTimestamp();

        assertThat(safe).isGreaterThan(written);
        assertThat(stamper.safeTimestamp()).isGreaterThan(safe);
    }

    @Test
    void safeTimestampStaysBelowAWriteUntilItIsDurable() throws Exception {
        FakeWriteAheadLog wal = new FakeWriteAheadLog(true);
        WriteStamper stamper = new WriteStamper(tso, wal);
        CompletableFuture<Long> write = CompletableFuture.supplyAsync(() -> stamper.write(bodies("a", "b")), threads);
        FakeWriteAheadLog.Pending a = wal.held().take();
        FakeWriteAheadLog.Pending b = wal.held().take();

        assertThat(stamper.safeTimestamp()).isEqualTo(a.timestamp() - 1);
        wal.complete(b);
        assertThat(stamper.safeTimestamp()).as("one entry is still not durable").isEqualTo(a.timestamp() - 1);
        wal.complete(a);

        assertThat(write.get(10, TimeUnit.SECONDS)).isEqualTo(a.timestamp());
        assertThat(stamper.safeTimestamp()).isGreaterThan(a.timestamp());
    }

    @Test
    void failedAppendReleasesItsTimestamp() throws Exception {
        FakeWriteAheadLog wal = new FakeWriteAheadLog(true);
        WriteStamper stamper = new WriteStamper(tso, wal);
        CompletableFuture<Long> write = CompletableFuture.supplyAsync(() -> stamper.write(bodies("a")), threads);
        FakeWriteAheadLog.Pending a = wal.held().take();
        wal.fail(a, new IOException("disk full"));

        assertThatThrownBy(() -> join(write))
                .isInstanceOf(QuiverException.class)
                .hasMessage("the write-ahead log rejected the write: java.io.IOException: disk full")
                .extracting(e -> ((QuiverException) e).code())
                .isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(stamper.safeTimestamp()).isGreaterThan(a.timestamp());

        QuiverException closed = new QuiverException(ErrorCode.UNAVAILABLE, "log closed");
        CompletableFuture<Long> second = CompletableFuture.supplyAsync(() -> stamper.write(bodies("a")), threads);
        wal.fail(wal.held().take(), closed);
        assertThatThrownBy(() -> join(second)).isSameAs(closed);
    }

    @Test
    void appendRejectedOnTheSpotReleasesItsTimestampOnceEarlierEntriesAreDurable() throws Exception {
        FakeWriteAheadLog wal = new FakeWriteAheadLog(true);
        wal.reject("b");
        WriteStamper stamper = new WriteStamper(tso, wal);
        CompletableFuture<Long> write = CompletableFuture.supplyAsync(() -> stamper.write(bodies("a", "b")), threads);
        FakeWriteAheadLog.Pending a = wal.held().take();

        assertThat(stamper.safeTimestamp())
                .as("entry 'a' carries the timestamp and is not durable yet")
                .isEqualTo(a.timestamp() - 1);
        wal.complete(a);

        assertThatThrownBy(() -> join(write))
                .isInstanceOf(QuiverException.class)
                .hasMessage("entry for channel 'b' is too large")
                .extracting(e -> ((QuiverException) e).code())
                .isEqualTo(ErrorCode.ARGUMENT_TOO_LARGE);
        assertThat(stamper.safeTimestamp())
                .as("ticks must go on after a rejected write")
                .isGreaterThan(a.timestamp());
        assertThatThrownBy(() -> stamper.write(bodies("b"))).hasMessage("entry for channel 'b' is too large");
        assertThat(stamper.safeTimestamp()).isGreaterThan(a.timestamp() + 1);
    }

    @Test
    void aWriteWithoutALeaseWaitsForItAndFailsWithNothingWritten() {
        FakeWriteAheadLog wal = new FakeWriteAheadLog(false);
        WriteStamper stamper = new WriteStamper(tso, wal, () -> false, Duration.ofMillis(50));

        long start = System.nanoTime();
        assertThatThrownBy(() -> stamper.write(bodies("a", "b")))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("has not acknowledged this proxy's writes for over 50 ms")
                .hasMessageContaining("nothing was written");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        assertThat(wal.appended()).isEmpty();
        assertThat(stamper.safeTimestamp())
                .as("the refused timestamp is no longer in flight")
                .isEqualTo(2);
    }

    @Test
    void aWriteProceedsOnceItsLeaseIsRenewed() throws Exception {
        FakeWriteAheadLog wal = new FakeWriteAheadLog(false);
        AtomicBoolean lease = new AtomicBoolean(false);
        WriteStamper stamper = new WriteStamper(tso, wal, lease::get, Duration.ofSeconds(10));

        CompletableFuture<Long> write = CompletableFuture.supplyAsync(() -> stamper.write(bodies("a")), threads);
        Thread.sleep(30);
        assertThat(write).isNotDone();
        lease.set(true);

        long timestamp = join(write);
        assertThat(wal.appended()).isEqualTo(Map.of("a", List.of(timestamp)));
    }

    @Test
    void anAppendThatCompletesAfterTheLeaseLapsedHasAnUnknownOutcome() throws Exception {
        FakeWriteAheadLog wal = new FakeWriteAheadLog(true);
        AtomicBoolean lease = new AtomicBoolean(true);
        WriteStamper stamper = new WriteStamper(tso, wal, lease::get, Duration.ofSeconds(10));
        CompletableFuture<Long> write = CompletableFuture.supplyAsync(() -> stamper.write(bodies("a")), threads);
        FakeWriteAheadLog.Pending pending = wal.held().take();

        lease.set(false);
        wal.complete(pending);

        assertThatThrownBy(() -> join(write))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("the outcome of the write at timestamp " + pending.timestamp() + " is unknown");
        lease.set(true);
        assertThat(stamper.safeTimestamp()).isGreaterThan(pending.timestamp());
    }

    @Test
    void aTimestampNotAboveOneAlreadyReportedSafeIsRefused() {
        AtomicLong next = new AtomicLong(100);
        FakeWriteAheadLog wal = new FakeWriteAheadLog(false);
        WriteStamper stamper = new WriteStamper(next::getAndIncrement, wal);
        assertThat(stamper.safeTimestamp()).isEqualTo(100);

        next.set(90); // a deposed leader's oracle, behind the current one
        assertThatThrownBy(() -> stamper.write(bodies("a")))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("answered 90, not above 100");
        assertThat(wal.appended()).isEmpty();

        next.set(101);
        assertThat(stamper.write(bodies("a"))).isEqualTo(101);
    }

    /**
     * DESIGN §3: no write may land at or below a tick already reported safe, and a reported safe
     * timestamp covers only durable entries. Four writers, a ticker and a log completing appends out of
     * order.
     */
    @Test
    void concurrentWritersNeverLandBelowAReportedSafeTimestamp() throws Exception {
        long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("seed=" + seed);
        FakeWriteAheadLog wal = new FakeWriteAheadLog(true);
        WriteStamper stamper = new WriteStamper(tso, wal);
        AtomicLong reportedSafe = new AtomicLong();
        AtomicBoolean writing = new AtomicBoolean(true);
        Queue<String> violations = new ConcurrentLinkedQueue<>();
        Queue<Long> written = new ConcurrentLinkedQueue<>();
        CountDownLatch writersDone = new CountDownLatch(4);

        threads.execute(() -> completeOutOfOrder(wal, new Random(seed), writing));
        CompletableFuture<Integer> ticker = CompletableFuture.supplyAsync(
                () -> {
                    int ticks = 0;
                    while (writing.get()) {
                        long safe = stamper.safeTimestamp();
                        long previous = reportedSafe.getAndAccumulate(safe, Math::max);
                        if (safe < previous) {
                            violations.add("safe timestamp went back from " + previous + " to " + safe);
                        }
                        long oldest = wal.oldestNotDurable();
                        if (oldest <= safe) {
                            violations.add(
                                    "safe timestamp " + safe + " passes entry " + oldest + " that is not durable");
                        }
                        ticks++;
                    }
                    return ticks;
                },
                threads);
        for (int w = 0; w < 4; w++) {
            Random random = new Random(seed + 1 + w);
            threads.execute(() -> {
                try {
                    for (int i = 0; i < 250; i++) {
                        String[] channels = random.ints(1 + random.nextInt(3), 0, 3)
                                .mapToObj(c -> "ch" + c)
                                .toArray(String[]::new);
                        long safeBefore = reportedSafe.get();
                        long ts = stamper.write(bodies(channels));
                        written.add(ts);
                        if (ts <= safeBefore) {
                            violations.add("write at " + ts + " completed after " + safeBefore + " was reported safe");
                        }
                    }
                } catch (RuntimeException e) {
                    violations.add("writer failed: " + e);
                } finally {
                    writersDone.countDown();
                }
            });
        }

        assertThat(writersDone.await(30, TimeUnit.SECONDS)).isTrue();
        writing.set(false);
        assertThat(ticker.get(10, TimeUnit.SECONDS)).as("ticks taken").isPositive();
        assertThat(violations).as("seed %d", seed).isEmpty();
        Set<Long> timestamps = new HashSet<>(written);
        assertThat(timestamps).as("one distinct timestamp per request").hasSize(1_000);
        Set<Long> appended = new HashSet<>();
        wal.appended().forEach((channel, list) -> {
            appended.addAll(list);
            for (int i = 1; i < list.size(); i++) {
                assertThat(list.get(i))
                        .as("channel %s entry %d in timestamp order", channel, i)
                        .isGreaterThanOrEqualTo(list.get(i - 1));
            }
        });
        assertThat(appended).isEqualTo(timestamps);
        assertThat(stamper.safeTimestamp()).isGreaterThan(Collections.max(timestamps));
    }

    /** Makes held appends durable in a random order, a few at a time. */
    private static void completeOutOfOrder(FakeWriteAheadLog wal, Random random, AtomicBoolean writing) {
        List<FakeWriteAheadLog.Pending> batch = new ArrayList<>();
        try {
            while (writing.get() || !wal.held().isEmpty()) {
                FakeWriteAheadLog.Pending first = wal.held().poll(1, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                wal.held().drainTo(batch, random.nextInt(8));
                Collections.shuffle(batch, random);
                batch.forEach(wal::complete);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static <T> T join(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }
}
