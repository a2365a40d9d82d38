package io.quiver.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.quiver.common.QuiverException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link WriteAheadLog} backend must have. A backend's test extends this class and
 * supplies the log; randomized tests print their seed, which {@code -Dquiver.test.seed=...} replays.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class WriteAheadLogContractTest {
    /** How long a test waits for something that should happen promptly. */
    protected static final Duration WAIT = Duration.ofSeconds(15);
    /** How long a test waits to be confident that nothing more arrives. */
    protected static final Duration QUIET = Duration.ofMillis(100);

    protected WriteAheadLog log;
    protected Random random;

    /** A new, empty log. Called once before each test. */
    protected abstract WriteAheadLog createLog();

    /** Closes the current log and opens a new one on the same data. */
    protected abstract WriteAheadLog reopenLog();

    @BeforeEach
    void createLogAndSeed() {
        long seed = Long.getLong("quiver.test.seed", System.nanoTime());
        System.out.println("seed=" + seed);
        random = new Random(seed);
        log = createLog();
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    @Test
    void roundTripsEmptyOneByteAndEightMebibytePayloads() throws Exception {
        byte[] large = randomBytes(8 << 20);
        LogPosition empty = append("alpha", new byte[0]);
        LogPosition one = append("alpha", new byte[] {42});
        LogPosition big = append("alpha", large);

        List<LogEntry> entries = readExactly("alpha", LogPosition.BEGINNING, 3);

        assertThat(entries).extracting(LogEntry::position).containsExactly(empty, one, big);
        assertThat(entries.get(0).payload()).isEmpty();
        assertThat(entries.get(1).payload()).containsExactly(42);
        assertThat(entries.get(2).payload()).hasSize(large.length);
        assertThat(Arrays.mismatch(entries.get(2).payload(), large))
                .as("first differing byte")
                .isEqualTo(-1);
    }

    @Test
    void positionsStrictlyIncreaseAndCompareByValue() throws Exception {
        List<LogPosition> positions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            positions.add(append("alpha", payload("sync", i)));
        }
        List<CompletableFuture<LogPosition>> pending = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            pending.add(log.append("alpha", payload("async", i)));
        }
        for (CompletableFuture<LogPosition> future : pending) {
            positions.add(future.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }

        assertThat(positions.get(0).isAfter(LogPosition.BEGINNING)).isTrue();
        assertThat(LogPosition.BEGINNING.compareTo(positions.get(0))).isNegative();
        for (int i = 1; i < positions.size(); i++) {
            assertThat(positions.get(i).isAfter(positions.get(i - 1)))
                    .as("position %d after %d", i, i - 1)
                    .isTrue();
            assertThat(positions.get(i - 1).compareTo(positions.get(i))).isNegative();
        }
        for (LogPosition position : positions) {
            LogPosition copy = new LogPosition(position.bytes());
            assertThat(copy).isEqualTo(position).hasSameHashCodeAs(position);
            assertThat(copy.compareTo(position)).isZero();
            assertThat(copy.isBeginning()).isFalse();
        }
        List<LogPosition> shuffled = new ArrayList<>(positions);
        Collections.shuffle(shuffled, random);
        Collections.sort(shuffled);
        assertThat(shuffled).isEqualTo(positions);
    }

    @Test
    void readerResumesExactlyAfterAStoredPosition() throws Exception {
        List<LogPosition> positions = appendAll("alpha", 10);

        List<LogEntry> firstTwo;
        try (LogReader reader = log.open("alpha", LogPosition.BEGINNING)) {
            firstTwo = pollUntil(reader, 2, 2);
        }
        assertThat(firstTwo).extracting(LogEntry::position).containsExactly(positions.get(0), positions.get(1));
        byte[] stored = firstTwo.get(1).position().bytes();

        List<LogEntry> rest = readExactly("alpha", new LogPosition(stored), 8);
        assertThat(rest).extracting(LogEntry::position).containsExactlyElementsOf(positions.subList(2, 10));
        assertThat(rest)
                .extracting(entry -> text(entry.payload()))
                .containsExactly(
                        "entry-2", "entry-3", "entry-4", "entry-5", "entry-6", "entry-7", "entry-8", "entry-9");

        assertThat(readExactly("alpha", positions.get(6), 3))
                .extracting(entry -> text(entry.payload()))
                .containsExactly("entry-7", "entry-8", "entry-9");
        assertThat(readExactly("alpha", positions.get(9), 0)).isEmpty();
    }

    @Test
    void pollWaitsForTheTimeoutAndWakesUpWhenAnEntryArrives() throws Exception {
        try (LogReader reader = log.open("alpha", LogPosition.BEGINNING)) {
            long start = System.nanoTime();
            assertThat(reader.poll(10, Duration.ofMillis(200))).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));

            ExecutorService executor = Executors.newSingleThreadExecutor();
            try {
                Future<List<LogEntry>> polled = executor.submit(() -> reader.poll(10, WAIT));
                Thread.sleep(100);
                LogPosition position = append("alpha", payload("late", 0));
                List<LogEntry> entries = polled.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(entries).extracting(LogEntry::position).containsExactly(position);
            } finally {
                executor.shutdownNow();
            }
        }
    }

    @Test
    void readersFollowTheTailWhileAnotherThreadAppends() throws Exception {
        int count = 400;
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int size = random.nextInt(10) == 0 ? random.nextInt(256 << 10) : random.nextInt(4 << 10);
            payloads.add(randomBytes(size));
        }
        List<LogReader> readers = List.of(
                log.open("alpha", LogPosition.BEGINNING),
                log.open("alpha", LogPosition.BEGINNING),
                log.open("alpha", LogPosition.BEGINNING));
        ExecutorService executor = Executors.newFixedThreadPool(readers.size() + 1);
        try {
            List<Future<List<LogEntry>>> read = new ArrayList<>();
            for (LogReader reader : readers) {
                read.add(executor.submit(() -> pollUntil(reader, count, 7)));
            }
            Future<List<LogPosition>> appended = executor.submit(() -> {
                List<LogPosition> positions = new ArrayList<>();
                for (byte[] payload : payloads) {
                    positions.add(append("alpha", payload));
                }
                return positions;
            });
            List<LogPosition> positions = appended.get(WAIT.toSeconds() * 2, TimeUnit.SECONDS);
            for (Future<List<LogEntry>> future : read) {
                List<LogEntry> entries = future.get(WAIT.toSeconds() * 2, TimeUnit.SECONDS);
                assertThat(entries).extracting(LogEntry::position).containsExactlyElementsOf(positions);
                for (int i = 0; i < count; i++) {
                    assertThat(Arrays.mismatch(entries.get(i).payload(), payloads.get(i)))
                            .as("first differing byte of entry %d", i)
                            .isEqualTo(-1);
                }
            }
        } finally {
            executor.shutdownNow();
            readers.forEach(LogReader::close);
        }
    }

    @Test
    void concurrentAppendsKeepEachThreadsOrderAndLoseNothing() throws Exception {
        int threads = 4;
        int perThread = 300;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        Map<LogPosition, String> appended = new HashMap<>();
        try {
            List<Future<List<LogPosition>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                int padding = random.nextInt(200);
                results.add(executor.submit(() -> {
                    start.await();
                    List<CompletableFuture<LogPosition>> futures = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        futures.add(log.append("alpha", threadPayload(thread, i, padding)));
                    }
                    List<LogPosition> positions = new ArrayList<>();
                    for (CompletableFuture<LogPosition> future : futures) {
                        positions.add(future.get(WAIT.toSeconds(), TimeUnit.SECONDS));
                    }
                    return positions;
                }));
            }
            start.countDown();
            for (int t = 0; t < threads; t++) {
                List<LogPosition> positions = results.get(t).get(WAIT.toSeconds() * 2, TimeUnit.SECONDS);
                for (int i = 0; i < perThread; i++) {
                    assertThat(appended.put(positions.get(i), t + ":" + i))
                            .as("position given twice")
                            .isNull();
                }
            }
        } finally {
            executor.shutdownNow();
        }

        List<LogEntry> entries = readExactly("alpha", LogPosition.BEGINNING, threads * perThread);
        int[] nextIndex = new int[threads];
        Map<LogPosition, String> read = new HashMap<>();
        for (LogEntry entry : entries) {
            ByteBuffer payload = ByteBuffer.wrap(entry.payload());
            int thread = payload.getInt();
            int index = payload.getInt();
            assertThat(index).as("next entry of thread %d", thread).isEqualTo(nextIndex[thread]);
            nextIndex[thread]++;
            read.put(entry.position(), thread + ":" + index);
        }
        assertThat(nextIndex).containsOnly(perThread);
        assertThat(read).isEqualTo(appended);
    }

    @Test
    void channelsAreIndependent() throws Exception {
        try (LogReader gamma = log.open("gamma", LogPosition.BEGINNING)) {
            assertThat(gamma.poll(10, QUIET)).isEmpty();
            assertThat(log.lastPosition("gamma")).isEqualTo(LogPosition.BEGINNING);

            LogPosition a0 = append("alpha", payload("a", 0));
            LogPosition b0 = append("beta", payload("b", 0));
            LogPosition a1 = append("alpha", payload("a", 1));
            append("beta", payload("b", 1));
            LogPosition b2 = append("beta", payload("b", 2));

            List<LogEntry> alpha = readExactly("alpha", LogPosition.BEGINNING, 2);
            assertThat(alpha).extracting(entry -> text(entry.payload())).containsExactly("a-0", "a-1");
            assertThat(alpha).extracting(LogEntry::position).containsExactly(a0, a1);
            List<LogEntry> beta = readExactly("beta", LogPosition.BEGINNING, 3);
            assertThat(beta).extracting(entry -> text(entry.payload())).containsExactly("b-0", "b-1", "b-2");
            assertThat(beta.get(0).position()).isEqualTo(b0);
            assertThat(log.lastPosition("alpha")).isEqualTo(a1);
            assertThat(log.lastPosition("beta")).isEqualTo(b2);

            assertThat(gamma.poll(10, QUIET)).isEmpty();
            LogPosition g0 = append("gamma", payload("g", 0));
            assertThat(pollUntil(gamma, 1, 10)).extracting(LogEntry::position).containsExactly(g0);
        }
    }

    @Test
    void dataSurvivesReopen() throws Exception {
        List<LogPosition> alpha = appendAll("alpha", 20);
        List<LogPosition> beta = appendAll("beta", 5);

        log = reopenLog();

        assertThat(log.lastPosition("alpha")).isEqualTo(alpha.get(19));
        assertThat(log.lastPosition("beta")).isEqualTo(beta.get(4));
        List<LogEntry> entries = readExactly("alpha", LogPosition.BEGINNING, 20);
        assertThat(entries).extracting(LogEntry::position).containsExactlyElementsOf(alpha);
        assertThat(entries.get(13).payload()).isEqualTo(payload("entry", 13));
        assertThat(readExactly("beta", beta.get(1), 3))
                .extracting(LogEntry::position)
                .containsExactlyElementsOf(beta.subList(2, 5));

        LogPosition next = append("alpha", payload("after-reopen", 0));
        assertThat(next.isAfter(alpha.get(19))).isTrue();
        assertThat(readExactly("alpha", alpha.get(19), 1))
                .extracting(entry -> text(entry.payload()))
                .containsExactly("after-reopen-0");
    }

    @Test
    void truncateBeforeKeepsEverythingAtOrAfterThePosition() throws Exception {
        List<LogPosition> positions = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            positions.add(append("alpha", paddedPayload(i, 1000 + random.nextInt(1000))));
        }

        log.truncateBefore("alpha", positions.get(120));
        assertKeptFrom(positions, 120);
        assertThat(readExactly("alpha", positions.get(150), 49))
                .extracting(LogEntry::position)
                .containsExactlyElementsOf(positions.subList(151, 200));

        log.truncateBefore("alpha", positions.get(199));
        assertKeptFrom(positions, 199);
        assertThat(log.lastPosition("alpha")).isEqualTo(positions.get(199));

        log = reopenLog();
        assertKeptFrom(positions, 199);
        LogPosition next = append("alpha", paddedPayload(200, 10));
        assertThat(readExactly("alpha", positions.get(199), 1))
                .extracting(LogEntry::position)
                .containsExactly(next);
    }

    @Test
    void lastPositionIsThePositionOfTheLastAppend() throws Exception {
        assertThat(log.lastPosition("alpha")).isEqualTo(LogPosition.BEGINNING);
        LogPosition first = append("alpha", payload("entry", 0));
        assertThat(log.lastPosition("alpha")).isEqualTo(first);
        LogPosition second = append("alpha", payload("entry", 1));
        assertThat(log.lastPosition("alpha")).isEqualTo(second).isNotEqualTo(first);
        assertThat(log.lastPosition("beta")).isEqualTo(LogPosition.BEGINNING);
    }

    @Test
    void appendAfterCloseFails() throws Exception {
        append("alpha", payload("entry", 0));
        log.close();

        Throwable failure =
                catchThrowable(() -> log.append("alpha", payload("entry", 1)).get(WAIT.toSeconds(), TimeUnit.SECONDS));

        Throwable cause = failure instanceof ExecutionException ? failure.getCause() : failure;
        assertThat(cause).isInstanceOf(QuiverException.class).hasMessageContaining("closed");
    }

    // ---- helpers, for subclasses too ----

    protected LogPosition append(String channel, byte[] payload) throws Exception {
        return log.append(channel, payload).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Appends {@code entry-0} ... {@code entry-(count-1)} one after another. */
    protected List<LogPosition> appendAll(String channel, int count) throws Exception {
        List<LogPosition> positions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            positions.add(append(channel, payload("entry", i)));
        }
        return positions;
    }

    /** Reads exactly {@code count} entries after {@code after}, and checks that no more arrive. */
    protected List<LogEntry> readExactly(String channel, LogPosition after, int count) {
        try (LogReader reader = log.open(channel, after)) {
            List<LogEntry> entries = pollUntil(reader, count, 1 + count / 3);
            assertThat(reader.poll(10, QUIET))
                    .as("entries after the expected %d", count)
                    .isEmpty();
            return entries;
        }
    }

    /** Polls (at most {@code batch} per poll) until {@code count} entries came, failing after {@link #WAIT}. */
    protected static List<LogEntry> pollUntil(LogReader reader, int count, int batch) {
        List<LogEntry> entries = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (entries.size() < count && System.nanoTime() < deadline) {
            List<LogEntry> polled = reader.poll(Math.min(batch, count - entries.size()), WriteAheadLog.DEFAULT_POLL);
            assertThat(polled.size()).isLessThanOrEqualTo(Math.min(batch, count - entries.size()));
            entries.addAll(polled);
        }
        assertThat(entries).as("entries read within %s", WAIT).hasSize(count);
        return entries;
    }

    protected static byte[] payload(String prefix, int index) {
        return (prefix + "-" + index).getBytes(StandardCharsets.UTF_8);
    }

    protected static String text(byte[] payload) {
        return new String(payload, StandardCharsets.UTF_8);
    }

    protected byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] threadPayload(int thread, int index, int padding) {
        return ByteBuffer.allocate(8 + padding).putInt(thread).putInt(index).array();
    }

    private static byte[] paddedPayload(int index, int size) {
        return ByteBuffer.allocate(Math.max(4, size)).putInt(index).array();
    }

    /** Reading from the beginning yields a contiguous run that starts at or before {@code first} and ends last. */
    private void assertKeptFrom(List<LogPosition> positions, int first) {
        LogPosition last = positions.get(positions.size() - 1);
        List<LogEntry> entries = new ArrayList<>();
        try (LogReader reader = log.open("alpha", LogPosition.BEGINNING)) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while ((entries.isEmpty()
                            || !entries.get(entries.size() - 1).position().equals(last))
                    && System.nanoTime() < deadline) {
                entries.addAll(reader.poll(64, WriteAheadLog.DEFAULT_POLL));
            }
        }
        assertThat(entries).as("entries up to the last").isNotEmpty();
        int start = ByteBuffer.wrap(entries.get(0).payload()).getInt();
        assertThat(start).as("first entry still readable").isLessThanOrEqualTo(first);
        assertThat(entries)
                .extracting(LogEntry::position)
                .containsExactlyElementsOf(positions.subList(start, positions.size()));
    }
}
