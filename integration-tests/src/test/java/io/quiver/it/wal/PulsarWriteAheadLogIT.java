package io.quiver.it.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.it.services.PulsarStandalone;
import io.quiver.wal.LogEntry;
import io.quiver.wal.LogPosition;
import io.quiver.wal.LogReader;
import io.quiver.wal.WriteAheadLog;
import io.quiver.wal.WriteAheadLogContractTest;
import io.quiver.wal.pulsar.MessageIdPositions;
import io.quiver.wal.pulsar.PulsarWalConfig;
import io.quiver.wal.pulsar.PulsarWriteAheadLog;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.api.MessageIdAdv;
import org.apache.pulsar.common.policies.data.ManagedLedgerInternalStats.CursorStats;
import org.apache.pulsar.common.policies.data.PersistentTopicInternalStats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link WriteAheadLogContractTest} and Pulsar-specific behaviour of {@link PulsarWriteAheadLog} against a real
 * Pulsar standalone (one for the class; each test writes topics of its own prefix). The standalone keeps no data
 * by retention ({@link PulsarStandalone#defaultConfig()}): everything the tests read back is held by the log's
 * retention subscription.
 */
class PulsarWriteAheadLogIT extends WriteAheadLogContractTest {
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicInteger TESTS = new AtomicInteger();

    private static PulsarStandalone pulsar;

    private PulsarWalConfig config;

    @BeforeAll
    static void startPulsar() {
        long start = System.nanoTime();
        pulsar = PulsarStandalone.startNew();
        System.out.printf(
                "Pulsar standalone %s ready in %d ms%n",
                pulsar.serviceUrl(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    @AfterAll
    static void stopPulsar() {
        if (pulsar != null) {
            pulsar.close();
        }
    }

    @Override
    protected WriteAheadLog createLog() {
        config = PulsarWalConfig.defaults()
                .withServiceUrl(pulsar.serviceUrl())
                .withTopicPrefix("it" + TESTS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime()) + "-")
                .withSendTimeout(SEND_TIMEOUT)
                .withMaxEntryBytes(PulsarStandalone.MAX_MESSAGE_BYTES - (1 << 20));
        return PulsarWriteAheadLog.open(config);
    }

    @Override
    protected WriteAheadLog reopenLog() {
        log.close();
        return PulsarWriteAheadLog.open(config);
    }

    @Test
    void aReaderResumesExactlyAfterStoredPositionsWithANewClient() throws Exception {
        List<CompletableFuture<LogPosition>> pending = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            pending.add(log.append("alpha", payload("entry", i)));
        }
        List<LogPosition> positions = new ArrayList<>();
        for (CompletableFuture<LogPosition> future : pending) {
            positions.add(future.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        List<Integer> batched = new ArrayList<>();
        for (int i = 0; i < positions.size(); i++) {
            if (batchIndex(positions.get(i)) > 0) {
                batched.add(i);
            }
        }
        assertThat(batched)
                .as("appends that share a broker entry with earlier ones")
                .isNotEmpty();
        List<Integer> stored = new ArrayList<>(List.of(0, batched.get(0), batched.get(0) - 1, 198));
        stored.add(batched.get(random.nextInt(batched.size())));
        stored.add(random.nextInt(199));
        List<byte[]> storedBytes =
                stored.stream().map(i -> positions.get(i).bytes()).toList();

        log = reopenLog();

        assertThat(log.lastPosition("alpha")).isEqualTo(positions.get(199));
        for (int s = 0; s < stored.size(); s++) {
            int index = stored.get(s);
            List<LogEntry> rest = readExactly("alpha", new LogPosition(storedBytes.get(s)), 199 - index);
            assertThat(rest)
                    .as("entries after entry %d", index)
                    .extracting(LogEntry::position)
                    .containsExactlyElementsOf(positions.subList(index + 1, 200));
            assertThat(rest).extracting(entry -> text(entry.payload())).startsWith("entry-" + (index + 1));
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void appendsDuringABrokerOutageFailRetriablyAndAcknowledgedEntriesSurviveIt() throws Exception {
        Duration sendTimeout = Duration.ofSeconds(3);
        log.close();
        log = PulsarWriteAheadLog.open(config.withSendTimeout(sendTimeout));
        List<LogPosition> acknowledged = new ArrayList<>();
        Map<LogPosition, String> payloads = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            LogPosition position = append("alpha", payload("before", i));
            acknowledged.add(position);
            payloads.put(position, "before-" + i);
        }

        pulsar.kill();
        Set<String> failed = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            Throwable failure = catchFailure(log.append("alpha", payload("outage", i)));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            assertThat(failure)
                    .as("append %d during the outage", i)
                    .isInstanceOfSatisfying(QuiverException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                        assertThat(e.code().retriable()).isTrue();
                    })
                    .hasMessageContaining("channel 'alpha'")
                    .hasMessageEndingWith("; retriable");
            assertThat(elapsed).as("time to fail").isLessThan(sendTimeout.plusSeconds(3));
            failed.add("outage-" + i);
        }

        long restart = System.nanoTime();
        pulsar.start();
        int retries = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            String text = "after-" + retries;
            try {
                LogPosition position = append("alpha", payload("after", retries));
                acknowledged.add(position);
                payloads.put(position, text);
                break;
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(QuiverException.class);
                assertThat(System.nanoTime())
                        .as("an append succeeds after the restart")
                        .isLessThan(deadline);
                failed.add(text);
                retries++;
            }
        }
        System.out.printf(
                "first acknowledged append %d ms after the restart began, %d failed attempts%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restart), retries);
        for (int i = retries + 1; i < retries + 21; i++) {
            LogPosition position = append("alpha", payload("after", i));
            acknowledged.add(position);
            payloads.put(position, "after-" + i);
        }

        assertThat(log.lastPosition("alpha")).isEqualTo(acknowledged.get(acknowledged.size() - 1));
        List<LogEntry> read = readUpTo("alpha", acknowledged.get(acknowledged.size() - 1));
        List<LogPosition> readAcknowledged = new ArrayList<>();
        for (LogEntry entry : read) {
            String text = text(entry.payload());
            if (payloads.containsKey(entry.position())) {
                assertThat(text).isEqualTo(payloads.get(entry.position()));
                readAcknowledged.add(entry.position());
            } else {
                assertThat(failed).as("entries nobody acknowledged").contains(text);
            }
        }
        assertThat(readAcknowledged).containsExactlyElementsOf(acknowledged);
    }

    @Test
    void truncateBeforeMovesTheRetentionSubscriptionAndTheBrokerDropsReleasedLedgers() throws Exception {
        int count = 4 * PulsarStandalone.ENTRIES_PER_LEDGER + 20;
        List<LogPosition> positions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            positions.add(append("alpha", indexed(i)));
        }
        List<Long> ledgers =
                positions.stream().map(PulsarWriteAheadLogIT::ledger).distinct().toList();
        assertThat(ledgers).as("ledgers of the entries").hasSizeGreaterThanOrEqualTo(3);
        String topic = config.topic("alpha");
        long kept = ledgers.get(2);
        int truncateAt = indexOfFirstEntryIn(positions, kept) + 10;

        try (PulsarAdmin admin =
                PulsarAdmin.builder().serviceHttpUrl(pulsar.webUrl()).build()) {
            // Retention is 0 and the ledgers rolled over: only the subscription keeps them.
            Thread.sleep(3_000);
            PersistentTopicInternalStats before = admin.topics().getInternalStats(topic);
            assertThat(before.ledgers.get(0).ledgerId).isEqualTo(ledgers.get(0));
            long[] held = markDelete(retentionCursor(before));
            assertThat(compare(held, ledger(positions.get(0)), entry(positions.get(0))))
                    .as("subscription position %s before the first entry", Arrays.toString(held))
                    .isNegative();

            log.truncateBefore("alpha", positions.get(truncateAt));

            long[] expected = {ledger(positions.get(truncateAt)), entry(positions.get(truncateAt)) - 1};
            long[] moved = awaitMarkDelete(admin, topic, expected);
            assertThat(moved).containsExactly(expected);
            List<Long> remaining = awaitFirstLedger(admin, topic, kept);
            assertThat(remaining).startsWith(kept).doesNotContain(ledgers.get(0), ledgers.get(1));
        }
        // Entries of the kept ledger before the truncation point are still stored, but released: a reader from
        // the beginning starts at the first entry not released.
        try (LogReader reader = log.open("alpha", LogPosition.BEGINNING)) {
            List<LogEntry> entries = pollUntil(reader, count - truncateAt, 64);
            assertThat(entries)
                    .extracting(LogEntry::position)
                    .containsExactlyElementsOf(positions.subList(truncateAt, count));
        }
        // A reader placed in a deleted ledger continues at the first ledger the broker still has.
        int firstKept = indexOfFirstEntryIn(positions, kept);
        assertThat(readExactly("alpha", positions.get(0), count - firstKept))
                .extracting(LogEntry::position)
                .containsExactlyElementsOf(positions.subList(firstKept, count));
        assertThat(readExactly("alpha", positions.get(firstKept + 2), count - firstKept - 3))
                .extracting(entry -> ByteBuffer.wrap(entry.payload()).getInt())
                .startsWith(firstKept + 3, firstKept + 4);
        assertThat(log.lastPosition("alpha")).isEqualTo(positions.get(count - 1));
    }

    @Test
    void measuresAppendLatencyAndThroughput() throws Exception {
        byte[] payload = randomBytes(600);
        for (int i = 0; i < 100; i++) {
            append("alpha", payload);
        }
        int sequential = 1000;
        long[] latencies = new long[sequential];
        for (int i = 0; i < sequential; i++) {
            long start = System.nanoTime();
            append("alpha", payload);
            latencies[i] = System.nanoTime() - start;
        }
        Arrays.sort(latencies);

        int async = 20_000;
        List<CompletableFuture<LogPosition>> pending = new ArrayList<>(async);
        long start = System.nanoTime();
        for (int i = 0; i < async; i++) {
            pending.add(log.append("alpha", payload));
        }
        LogPosition previous = LogPosition.BEGINNING;
        for (CompletableFuture<LogPosition> future : pending) {
            LogPosition position = future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(position.isAfter(previous)).isTrue();
            previous = position;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "Pulsar append of 600 B: sequential p50 %.2f ms, p99 %.2f ms; %d async appends in %.2f s = %.0f/s"
                        + " (%.1f MB/s)%n",
                latencies[sequential / 2] / 1e6,
                latencies[sequential * 99 / 100] / 1e6,
                async,
                seconds,
                async / seconds,
                async * 600 / seconds / 1e6);
        assertThat(log.lastPosition("alpha")).isEqualTo(previous);
        long readStart = System.nanoTime();
        List<LogEntry> read = readUpTo("alpha", previous);
        System.out.printf("read back %d entries in %.2f s%n", read.size(), (System.nanoTime() - readStart) / 1e9);
        assertThat(read).hasSize(100 + sequential + async);
    }

    // ---- helpers ----

    private List<LogEntry> readUpTo(String channel, LogPosition last) {
        List<LogEntry> entries = new ArrayList<>();
        try (LogReader reader = log.open(channel, LogPosition.BEGINNING)) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while ((entries.isEmpty()
                            || !entries.get(entries.size() - 1).position().equals(last))
                    && System.nanoTime() < deadline) {
                entries.addAll(reader.poll(1000, WriteAheadLog.DEFAULT_POLL));
            }
            assertThat(reader.poll(10, QUIET)).as("entries after %s", last).isEmpty();
        }
        assertThat(entries).as("entries up to %s", last).isNotEmpty();
        assertThat(entries.get(entries.size() - 1).position()).isEqualTo(last);
        return entries;
    }

    private static Throwable catchFailure(CompletableFuture<LogPosition> append) throws Exception {
        try {
            LogPosition position = append.get(30, TimeUnit.SECONDS);
            throw new AssertionError("append succeeded at " + position + " while the broker was down");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private static long[] awaitMarkDelete(PulsarAdmin admin, String topic, long[] expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long[] current;
        do {
            current = markDelete(retentionCursor(admin.topics().getInternalStats(topic)));
            if (Arrays.equals(current, expected)) {
                break;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return current;
    }

    /** The ledgers of the topic once the first one is {@code ledger} (or after {@link #WAIT}). */
    private static List<Long> awaitFirstLedger(PulsarAdmin admin, String topic, long ledger) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Long> ledgers;
        do {
            ledgers = admin.topics().getInternalStats(topic).ledgers.stream()
                    .map(info -> info.ledgerId)
                    .toList();
            if (ledgers.get(0) == ledger) {
                break;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        return ledgers;
    }

    private static CursorStats retentionCursor(PersistentTopicInternalStats stats) {
        CursorStats cursor = stats.cursors.get("quiver-retention");
        assertThat(cursor)
                .as("retention subscription among %s", stats.cursors.keySet())
                .isNotNull();
        return cursor;
    }

    /** A cursor's mark-delete position "ledger:entry" as {ledger, entry}. */
    private static long[] markDelete(CursorStats cursor) {
        String[] parts = cursor.markDeletePosition.split(":");
        return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
    }

    private static int compare(long[] position, long ledger, long entry) {
        return position[0] != ledger ? Long.compare(position[0], ledger) : Long.compare(position[1], entry);
    }

    private static int indexOfFirstEntryIn(List<LogPosition> positions, long ledger) {
        for (int i = 0; i < positions.size(); i++) {
            if (ledger(positions.get(i)) == ledger) {
                return i;
            }
        }
        throw new AssertionError("no entry in ledger " + ledger);
    }

    private static MessageIdAdv id(LogPosition position) {
        return (MessageIdAdv) MessageIdPositions.decode(position, "alpha");
    }

    private static long ledger(LogPosition position) {
        return id(position).getLedgerId();
    }

    private static long entry(LogPosition position) {
        return id(position).getEntryId();
    }

    private static int batchIndex(LogPosition position) {
        return id(position).getBatchIndex();
    }

    /** A payload of 1000 bytes that starts with its index (4 bytes, big-endian). */
    private static byte[] indexed(int index) {
        return ByteBuffer.allocate(1000).putInt(index).array();
    }
}
