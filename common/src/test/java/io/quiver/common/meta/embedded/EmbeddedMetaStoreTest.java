package io.quiver.common.meta.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.meta.KeyValue;
import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.MetaStoreContractTest;
import io.quiver.common.meta.Op;
import io.quiver.common.meta.Watch;
import io.quiver.common.meta.WatchEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedMetaStoreTest extends MetaStoreContractTest {
    private static final EmbeddedMetaStoreConfig NO_SWEEPER =
            EmbeddedMetaStoreConfig.defaults().withLeaseSweepInterval(Duration.ZERO);

    @TempDir
    Path contractDirectory;

    @TempDir
    Path directory;

    private final List<MetaStore> opened = new ArrayList<>();

    @Override
    protected MetaStore createStore() {
        return EmbeddedMetaStore.open(contractDirectory, Clock.systemUTC());
    }

    @Override
    protected MetaStore reopenStore() {
        return createStore();
    }

    @Override
    protected Duration shortLeaseTtl() {
        return Duration.ofMillis(500);
    }

    @AfterEach
    void closeOpenedStores() {
        opened.forEach(MetaStore::close);
    }

    private EmbeddedMetaStore open(Clock clock, EmbeddedMetaStoreConfig config) {
        EmbeddedMetaStore opening = EmbeddedMetaStore.open(directory, clock, config);
        opened.add(opening);
        return opening;
    }

    private EmbeddedMetaStore open(EmbeddedMetaStoreConfig config) {
        return open(Clock.systemUTC(), config);
    }

    private EmbeddedMetaStore reopen(MetaStore previous, EmbeddedMetaStoreConfig config) {
        previous.close();
        return open(config);
    }

    @Test
    void snapshotsAndJournalReplayRestoreEveryKeyAfterManyWrites() throws IOException {
        long seed = Long.getLong("quiver.test.seed", System.nanoTime());
        System.out.println("seed=" + seed);
        Random random = new Random(seed);
        EmbeddedMetaStoreConfig config = NO_SWEEPER.withJournalRecordsPerSnapshot(16);
        Map<String, String> model = new TreeMap<>();
        EmbeddedMetaStore meta = open(config);

        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 200; i++) {
                writeRandomly(meta, random, model);
            }
            List<KeyValue> before = meta.range("");
            long revision = meta.revision();

            meta = reopen(meta, config);

            assertThat(meta.range(""))
                    .usingRecursiveFieldByFieldElementComparator()
                    .isEqualTo(before);
            assertThat(meta.revision()).isEqualTo(revision);
            assertThat(values(meta)).isEqualTo(model);
        }
        assertThat(directory.resolve(StoreDirectory.SNAPSHOT_FILE)).exists();
        assertThat(Files.size(directory.resolve(StoreDirectory.JOURNAL_FILE)))
                .as("a journal of fewer than 16 records")
                .isLessThan(16 * 64);
    }

    private static void writeRandomly(MetaStore meta, Random random, Map<String, String> model) {
        String key = "k/" + random.nextInt(30);
        String value = Integer.toString(random.nextInt(1000));
        switch (random.nextInt(10)) {
            case 0, 1, 2, 3, 4 -> {
                meta.put(key, bytes(value));
                model.put(key, value);
            }
            case 5, 6 -> {
                assertThat(meta.delete(key)).isEqualTo(model.remove(key) != null);
            }
            case 7, 8 -> {
                String other = "k/" + (30 + random.nextInt(5));
                meta.txn(List.of(), List.of(Op.put(key, bytes(value)), Op.delete(other)), List.of());
                model.put(key, value);
                model.remove(other);
            }
            default -> {
                int expected = (int)
                        model.keySet().stream().filter(k -> k.startsWith("k/1")).count();
                assertThat(meta.deletePrefix("k/1")).isEqualTo(expected);
                model.keySet().removeIf(k -> k.startsWith("k/1"));
            }
        }
    }

    private static Map<String, String> values(MetaStore meta) {
        return meta.range("").stream()
                .collect(Collectors.toMap(KeyValue::key, kv -> text(kv.value()), (a, b) -> a, TreeMap::new));
    }

    @Test
    void journalRecordsTheSnapshotAlreadyHoldsAreSkipped() throws IOException {
        EmbeddedMetaStore meta = open(NO_SWEEPER);
        meta.put("a", bytes("1"));
        meta.put("b", bytes("2"));
        meta.put("a", bytes("3"));
        List<KeyValue> before = meta.range("");
        meta.close();
        // As if a crash hit after the snapshot was renamed into place but before the journal was replaced.
        SnapshotFile.write(directory.resolve(StoreDirectory.SNAPSHOT_FILE), KeySpace.restore(3, before));

        meta = open(NO_SWEEPER);

        assertThat(meta.range("")).usingRecursiveFieldByFieldElementComparator().isEqualTo(before);
        assertThat(meta.put("c", bytes("4"))).isEqualTo(4);
        meta = reopen(meta, NO_SWEEPER);
        assertThat(meta.get("c").orElseThrow().modRevision()).isEqualTo(4);
        assertThat(meta.revision()).isEqualTo(4);
    }

    @Test
    void aTornJournalTailIsTruncatedOnOpen() throws IOException {
        Path journal = writeTwoKeysAndClose();
        long intact = Files.size(journal);
        byte[] frame = Journal.encodeFrame(new Mutation(3, List.of(new Mutation.Put("c", bytes("3"), 0))));
        Files.write(journal, Arrays.copyOf(frame, frame.length / 2), StandardOpenOption.APPEND);

        EmbeddedMetaStore meta = open(NO_SWEEPER);

        assertThat(Files.size(journal)).isEqualTo(intact);
        assertThat(values(meta)).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThat(meta.get("c")).isEmpty();
        assertThat(meta.put("c", bytes("again"))).isEqualTo(3);
        meta = reopen(meta, NO_SWEEPER);
        assertThat(text(meta.get("c").orElseThrow().value())).isEqualTo("again");
    }

    @Test
    void aZeroFilledJournalTailIsTruncatedOnOpen() throws IOException {
        Path journal = writeTwoKeysAndClose();
        long intact = Files.size(journal);
        Files.write(journal, new byte[100], StandardOpenOption.APPEND);

        EmbeddedMetaStore meta = open(NO_SWEEPER);

        assertThat(Files.size(journal)).isEqualTo(intact);
        assertThat(values(meta)).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
    }

    @Test
    void aDamagedLastFrameIsTreatedAsATornTail() throws IOException {
        Path journal = writeTwoKeysAndClose();
        flipByte(journal, Files.size(journal) - 1);

        EmbeddedMetaStore meta = open(NO_SWEEPER);

        assertThat(values(meta)).containsExactly(Map.entry("a", "1"));
        assertThat(meta.revision()).isEqualTo(1);
    }

    @Test
    void corruptionBeforeTheJournalTailFailsTheOpen() throws IOException {
        Path journal = writeTwoKeysAndClose();
        flipByte(journal, Journal.HEADER_BYTES + Journal.FRAME_HEADER_BYTES + 3);

        assertThatThrownBy(() -> open(NO_SWEEPER))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA))
                .hasMessageContaining("meta store journal " + journal + " is corrupt at offset 8")
                .hasMessageContaining("checksum");
    }

    @Test
    void aJournalOfAnUnknownVersionIsRejected() throws IOException {
        Path journal = writeTwoKeysAndClose();
        overwrite(
                journal,
                Integer.BYTES,
                ByteBuffer.allocate(Integer.BYTES).putInt(99).array());

        assertThatThrownBy(() -> open(NO_SWEEPER))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA))
                .hasMessageContaining("format version 99; this build reads version 1");
    }

    @Test
    void aDamagedSnapshotFailsTheOpen() throws IOException {
        EmbeddedMetaStore meta = open(NO_SWEEPER.withJournalRecordsPerSnapshot(2));
        meta.put("a", bytes("1"));
        meta.put("b", bytes("2"));
        meta.close();
        Path snapshot = directory.resolve(StoreDirectory.SNAPSHOT_FILE);
        assertThat(snapshot).exists();
        flipByte(snapshot, 20);

        assertThatThrownBy(() -> open(NO_SWEEPER))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA))
                .hasMessageContaining("meta store snapshot " + snapshot + " is corrupt");
    }

    @Test
    void leasesExpireExactlyWhenTheFakeClockSaysSo() throws Exception {
        FakeClock clock = new FakeClock(Instant.parse("2025-01-01T00:00:00Z"));
        EmbeddedMetaStore meta = open(clock, NO_SWEEPER);
        long lease = meta.grantLease(Duration.ofSeconds(10));
        meta.put("l/leased", bytes("1"), lease);
        meta.put("l/kept", bytes("2"));
        BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
        meta.watch("l/", 0, events::add);

        clock.advance(Duration.ofSeconds(9));
        assertThat(meta.get("l/leased")).isPresent();
        assertThat(meta.keepAlive(lease)).isTrue();
        clock.advance(Duration.ofSeconds(9));
        assertThat(meta.get("l/leased")).isPresent();
        clock.advance(Duration.ofSeconds(1));
        meta.expireLeases();

        WatchEvent deletion = events.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(deletion).isNotNull();
        assertThat(deletion.type()).isEqualTo(WatchEvent.Type.DELETE);
        assertThat(deletion.key()).isEqualTo("l/leased");
        assertThat(deletion.revision()).isEqualTo(3);
        assertThat(meta.revision()).isEqualTo(3);
        assertThat(meta.range("l/")).extracting(KeyValue::key).containsExactly("l/kept");
        assertThat(meta.keepAlive(lease)).isFalse();
    }

    @Test
    void keysOfLeasesFromBeforeARestartAreDeletedOnOpen() {
        EmbeddedMetaStore meta = open(NO_SWEEPER);
        long lease = meta.grantLease(Duration.ofHours(1));
        meta.put("session/node-1", bytes("alive"), lease);
        meta.put("session/node-2", bytes("alive"), lease);
        meta.put("config", bytes("kept"));

        meta = reopen(meta, NO_SWEEPER);

        assertThat(meta.range("")).extracting(KeyValue::key).containsExactly("config");
        assertThat(meta.revision()).isEqualTo(4);
        assertThat(meta.keepAlive(lease)).isFalse();
    }

    @Test
    void watchingFromACompactedRevisionFails() throws Exception {
        EmbeddedMetaStore meta = open(NO_SWEEPER.withWatchHistoryEvents(5));
        for (int i = 1; i <= 20; i++) {
            meta.put("h/" + i, bytes(Integer.toString(i)));
        }

        assertThatThrownBy(() -> meta.watch("h/", 14, event -> {}))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessageContaining("revision 15 has been compacted; oldest available is 16");
        BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
        try (Watch ignored = meta.watch("h/", 15, events::add)) {
            List<Long> revisions = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                revisions.add(
                        events.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS).revision());
            }
            assertThat(revisions).containsExactly(16L, 17L, 18L, 19L, 20L);
        }
    }

    @Test
    void aWatchAfterAReopenResumesFromTheReplayedJournal() throws Exception {
        EmbeddedMetaStore meta = open(NO_SWEEPER);
        meta.put("r/a", bytes("1"));
        meta.put("r/b", bytes("2"));
        meta.delete("r/a");
        meta = reopen(meta, NO_SWEEPER);
        BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();

        try (Watch ignored = meta.watch("r/", 1, events::add)) {
            WatchEvent put = events.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            WatchEvent delete = events.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(List.of(put.type(), delete.type())).containsExactly(WatchEvent.Type.PUT, WatchEvent.Type.DELETE);
            assertThat(List.of(put.key() + "@" + put.revision(), delete.key() + "@" + delete.revision()))
                    .containsExactly("r/b@2", "r/a@3");
        }
    }

    @Test
    void aSlowListenerDoesNotHoldUpWriters() throws Exception {
        EmbeddedMetaStore meta = open(NO_SWEEPER);
        CountDownLatch release = new CountDownLatch(1);
        List<Long> revisions = new ArrayList<>();
        CountDownLatch delivered = new CountDownLatch(50);
        try (Watch ignored = meta.watch("s/", 0, event -> {
            awaitQuietly(release);
            revisions.add(event.revision());
            delivered.countDown();
        })) {
            for (int i = 0; i < 50; i++) {
                meta.put("s/" + i, bytes("x"));
            }
            assertThat(meta.revision()).isEqualTo(50);
            assertThat(delivered.getCount()).isEqualTo(50);

            release.countDown();

            assertThat(delivered.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(revisions).isSorted().hasSize(50).startsWith(1L).endsWith(50L);
        }
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefused() {
        open(NO_SWEEPER);

        assertThatThrownBy(() -> open(NO_SWEEPER))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("is in use by another store");
    }

    @Test
    void aClosedStoreRefusesCalls() {
        EmbeddedMetaStore meta = open(NO_SWEEPER);
        meta.close();
        meta.close();

        assertThatThrownBy(() -> meta.get("a"))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("is closed");
    }

    private Path writeTwoKeysAndClose() {
        EmbeddedMetaStore meta = open(NO_SWEEPER);
        meta.put("a", bytes("1"));
        meta.put("b", bytes("2"));
        meta.close();
        return directory.resolve(StoreDirectory.JOURNAL_FILE);
    }

    private static void flipByte(Path file, long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) offset] ^= 0x5A;
        Files.write(file, bytes);
    }

    private static void overwrite(Path file, int offset, byte[] replacement) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        System.arraycopy(replacement, 0, bytes, offset, replacement.length);
        Files.write(file, bytes);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
