package io.quiver.common.meta;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MetaStore} backend must do. Subclasses say how to create a store and how to open its data
 * again; every test works under its own random key prefix, so backends on a shared server (etcd) do not see
 * each other's keys. Tests assert on revisions only relative to each other, never on absolute values.
 */
public abstract class MetaStoreContractTest {
    /** How long a test waits for something a backend does asynchronously (watch delivery, lease expiry). */
    protected static final Duration PATIENCE = Duration.ofSeconds(10);

    protected MetaStore store;
    private String root;

    /** A new store; for a shared server, one where the keys of other tests do not matter. */
    protected abstract MetaStore createStore();

    /** Opens the data of the last {@link #createStore()} again. The previous instance has been closed. */
    protected abstract MetaStore reopenStore();

    /** A lease ttl short enough to wait out in a test; backends with a minimum ttl override it. */
    protected Duration shortLeaseTtl() {
        return Duration.ofSeconds(1);
    }

    @BeforeEach
    void createTheStore() {
        root = "contract-" + UUID.randomUUID() + "/";
        store = createStore();
    }

    @AfterEach
    void closeTheStore() {
        if (store != null) {
            store.close();
        }
    }

    /** The store key for {@code name}, under this test's own prefix. */
    protected String key(String name) {
        return root + name;
    }

    @Test
    void putThenGetReturnsTheValueAndItsRevisions() {
        long revision = store.put(key("a"), bytes("one"));

        KeyValue stored = store.get(key("a")).orElseThrow();
        assertThat(stored.key()).isEqualTo(key("a"));
        assertThat(stored.value()).containsExactly(bytes("one"));
        assertThat(stored.createRevision()).isEqualTo(revision);
        assertThat(stored.modRevision()).isEqualTo(revision);
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.leaseId()).isZero();
        assertThat(store.revision()).isEqualTo(revision);
    }

    @Test
    void getOfAMissingKeyIsEmpty() {
        store.put(key("present"), bytes("x"));

        assertThat(store.get(key("absent"))).isEmpty();
        assertThat(store.get(key("presen"))).isEmpty();
    }

    @Test
    void storedValuesDoNotShareTheCallersArrays() {
        byte[] value = bytes("abc");
        store.put(key("a"), value);
        value[0] = 'z';
        store.get(key("a")).orElseThrow().value()[1] = 'z';

        assertThat(store.get(key("a")).orElseThrow().value()).containsExactly(bytes("abc"));
    }

    @Test
    void everyWriteIncreasesTheRevisionAndUpdatesKeepTheCreateRevision() {
        long first = store.put(key("a"), bytes("1"));
        long second = store.put(key("b"), bytes("1"));
        long third = store.put(key("a"), bytes("2"));

        assertThat(second).isGreaterThan(first);
        assertThat(third).isGreaterThan(second);
        KeyValue updated = store.get(key("a")).orElseThrow();
        assertThat(updated.value()).containsExactly(bytes("2"));
        assertThat(updated.createRevision()).isEqualTo(first);
        assertThat(updated.modRevision()).isEqualTo(third);
        assertThat(updated.version()).isEqualTo(2);
        assertThat(store.get(key("b")).orElseThrow().modRevision()).isEqualTo(second);
    }

    @Test
    void aKeyPutAgainAfterADeleteStartsAfresh() {
        store.put(key("a"), bytes("1"));
        store.put(key("a"), bytes("2"));
        assertThat(store.delete(key("a"))).isTrue();
        long deleted = store.revision();

        long recreated = store.put(key("a"), bytes("3"));

        assertThat(recreated).isGreaterThan(deleted);
        KeyValue fresh = store.get(key("a")).orElseThrow();
        assertThat(fresh.createRevision()).isEqualTo(recreated);
        assertThat(fresh.modRevision()).isEqualTo(recreated);
        assertThat(fresh.version()).isEqualTo(1);
    }

    @Test
    void deleteReportsWhetherTheKeyExisted() {
        store.put(key("a"), bytes("1"));
        long before = store.revision();

        assertThat(store.delete(key("missing"))).isFalse();
        assertThat(store.revision()).isEqualTo(before);
        assertThat(store.delete(key("a"))).isTrue();
        assertThat(store.revision()).isGreaterThan(before);
        assertThat(store.get(key("a"))).isEmpty();
        assertThat(store.delete(key("a"))).isFalse();
    }

    @Test
    void emptyKeysAreRejected() {
        assertThatThrownBy(() -> store.put("", bytes("x")))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void rangeReturnsTheKeysUnderThePrefixInKeyOrder() {
        for (String name : List.of("a/c/1", "a/b/2", "b/1", "a/bc", "a/b/1", "a/b", "a/b/10")) {
            store.put(key(name), bytes(name));
        }

        assertThat(names(store.range(key("a/b/")))).containsExactly("a/b/1", "a/b/10", "a/b/2");
        assertThat(names(store.range(key("a/b")))).containsExactly("a/b", "a/b/1", "a/b/10", "a/b/2", "a/bc");
        assertThat(names(store.range(key("a/c")))).containsExactly("a/c/1");
        assertThat(names(store.range(key(""))))
                .containsExactly("a/b", "a/b/1", "a/b/10", "a/b/2", "a/bc", "a/c/1", "b/1");
        assertThat(store.range(key("c/"))).isEmpty();
        assertThat(store.range(key("a/b/2")).getFirst().value()).containsExactly(bytes("a/b/2"));
    }

    @Test
    void deletePrefixDeletesOnlyTheKeysUnderThePrefix() {
        for (String name : List.of("a/b/1", "a/b/2", "a/bc", "a/c/1")) {
            store.put(key(name), bytes(name));
        }
        long before = store.revision();

        assertThat(store.deletePrefix(key("a/b/"))).isEqualTo(2);

        assertThat(store.revision()).isGreaterThan(before);
        assertThat(names(store.range(key("")))).containsExactly("a/bc", "a/c/1");
        long after = store.revision();
        assertThat(store.deletePrefix(key("a/b/"))).isZero();
        assertThat(store.revision()).isEqualTo(after);
    }

    @Test
    void txnAppliesThenWithOneRevisionWhenEveryCompareHolds() {
        long written = store.put(key("a"), bytes("1"));
        store.put(key("c"), bytes("doomed"));

        TxnResult result = store.txn(
                List.of(Compare.unchangedSince(key("a"), written), Compare.absent(key("b"))),
                List.of(Op.put(key("a"), bytes("2")), Op.put(key("b"), bytes("new")), Op.delete(key("c"))),
                List.of(Op.put(key("lost"), bytes("x"))));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.revision()).isGreaterThan(written).isEqualTo(store.revision());
        KeyValue a = store.get(key("a")).orElseThrow();
        assertThat(a.value()).containsExactly(bytes("2"));
        assertThat(a.modRevision()).isEqualTo(result.revision());
        assertThat(a.version()).isEqualTo(2);
        KeyValue b = store.get(key("b")).orElseThrow();
        assertThat(b.createRevision()).isEqualTo(result.revision());
        assertThat(b.modRevision()).isEqualTo(result.revision());
        assertThat(store.get(key("c"))).isEmpty();
        assertThat(store.get(key("lost"))).isEmpty();
    }

    @Test
    void txnAppliesOtherwiseWhenACompareFails() {
        long first = store.put(key("a"), bytes("1"));
        store.put(key("a"), bytes("2"));

        TxnResult result = store.txn(
                List.of(Compare.unchangedSince(key("a"), first)),
                List.of(Op.put(key("a"), bytes("stale write"))),
                List.of(Op.put(key("conflicts"), bytes("1"))));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.revision()).isEqualTo(store.revision());
        assertThat(store.get(key("a")).orElseThrow().value()).containsExactly(bytes("2"));
        assertThat(store.get(key("conflicts")).orElseThrow().modRevision()).isEqualTo(result.revision());
    }

    @Test
    void absentCompareHoldsOnlyWhileTheKeyDoesNotExist() {
        TxnResult created = store.txn(
                List.of(Compare.absent(key("lock"))), List.of(Op.put(key("lock"), bytes("first"))), List.of());
        TxnResult refused = store.txn(
                List.of(Compare.absent(key("lock"))), List.of(Op.put(key("lock"), bytes("second"))), List.of());

        assertThat(created.succeeded()).isTrue();
        assertThat(refused.succeeded()).isFalse();
        assertThat(refused.revision()).isEqualTo(created.revision());
        assertThat(store.get(key("lock")).orElseThrow().value()).containsExactly(bytes("first"));

        store.delete(key("lock"));
        TxnResult again = store.txn(
                List.of(Compare.absent(key("lock"))), List.of(Op.put(key("lock"), bytes("third"))), List.of());
        assertThat(again.succeeded()).isTrue();
        assertThat(store.get(key("lock")).orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void txnThatWritesNothingKeepsTheRevision() {
        store.put(key("a"), bytes("1"));
        long before = store.revision();

        TxnResult result =
                store.txn(List.of(Compare.absent(key("a"))), List.of(Op.put(key("b"), bytes("x"))), List.of());
        TxnResult onlyChecks = store.txn(List.of(Compare.unchangedSince(key("a"), before)), List.of(), List.of());

        assertThat(result.succeeded()).isFalse();
        assertThat(result.revision()).isEqualTo(before);
        assertThat(onlyChecks.succeeded()).isTrue();
        assertThat(onlyChecks.revision()).isEqualTo(before);
        assertThat(store.revision()).isEqualTo(before);
    }

    @Test
    void txnRejectsABranchThatChangesAKeyTwice() {
        assertThatThrownBy(() ->
                        store.txn(List.of(), List.of(Op.put(key("a"), bytes("1")), Op.delete(key("a"))), List.of()))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThat(store.get(key("a"))).isEmpty();
    }

    @Test
    void concurrentCompareAndSetIncrementsLoseNoUpdate() throws Exception {
        int threads = 4;
        int incrementsPerThread = 25;
        store.put(key("counter"), bytes("0"));
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> conflicts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                conflicts.add(executor.submit(() -> increment(key("counter"), incrementsPerThread)));
            }
            for (Future<Integer> future : conflicts) {
                assertThat(future.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isNotNegative();
            }
        } finally {
            executor.shutdownNow();
        }

        KeyValue counter = store.get(key("counter")).orElseThrow();
        assertThat(text(counter.value())).isEqualTo(String.valueOf(threads * incrementsPerThread));
        assertThat(counter.version()).isEqualTo(1 + threads * incrementsPerThread);
    }

    /** Adds 1 to the counter {@code times} times by compare-and-set; returns how many attempts conflicted. */
    private int increment(String counterKey, int times) {
        int conflicts = 0;
        for (int done = 0; done < times; ) {
            KeyValue current = store.get(counterKey).orElseThrow();
            long next = Long.parseLong(text(current.value())) + 1;
            TxnResult result = store.txn(
                    List.of(Compare.unchangedSince(counterKey, current.modRevision())),
                    List.of(Op.put(counterKey, bytes(Long.toString(next)))),
                    List.of());
            if (result.succeeded()) {
                done++;
            } else {
                conflicts++;
            }
        }
        return conflicts;
    }

    @Test
    void watchFromNowDeliversLaterChangesUnderThePrefixInRevisionOrder() throws Exception {
        store.put(key("w/before"), bytes("old"));
        BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
        try (Watch ignored = store.watch(key("w/"), 0, events::add)) {
            long a = store.put(key("w/a"), bytes("1"));
            store.put(key("other/x"), bytes("elsewhere"));
            long b = store.put(key("w/b"), bytes("2"));
            store.delete(key("w/a"));
            long deleted = store.revision();
            TxnResult txn = store.txn(
                    List.of(), List.of(Op.put(key("w/c"), bytes("3")), Op.put(key("w/d"), bytes("4"))), List.of());
            long end = store.put(key("w/end"), bytes("."));

            List<String> seen = describe(takeUntil(events, key("w/end")));

            assertThat(seen.subList(0, 3))
                    .containsExactly("PUT w/a=1@" + a, "PUT w/b=2@" + b, "DELETE w/a=@" + deleted);
            assertThat(seen.subList(3, 5))
                    .containsExactlyInAnyOrder("PUT w/c=3@" + txn.revision(), "PUT w/d=4@" + txn.revision());
            assertThat(seen.subList(5, 6)).containsExactly("PUT w/end=.@" + end);
        }
    }

    @Test
    void watchFromAPastRevisionReplaysEveryChangeAfterIt() throws Exception {
        long first = store.put(key("p/a"), bytes("1"));
        long second = store.put(key("p/b"), bytes("2"));
        store.put(key("q/ignored"), bytes("x"));
        store.delete(key("p/a"));
        long deleted = store.revision();
        BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();

        try (Watch ignored = store.watch(key("p/"), first, events::add)) {
            long later = store.put(key("p/c"), bytes("3"));
            long end = store.put(key("p/end"), bytes("."));

            assertThat(describe(takeUntil(events, key("p/end"))))
                    .containsExactly(
                            "PUT p/b=2@" + second,
                            "DELETE p/a=@" + deleted,
                            "PUT p/c=3@" + later,
                            "PUT p/end=.@" + end);
        }
    }

    @Test
    void closingAWatchStopsItsDelivery() throws Exception {
        BlockingQueue<WatchEvent> closedEvents = new LinkedBlockingQueue<>();
        BlockingQueue<WatchEvent> openEvents = new LinkedBlockingQueue<>();
        Watch closing = store.watch(key("c/"), 0, closedEvents::add);
        try (Watch open = store.watch(key("c/"), 0, openEvents::add)) {
            store.put(key("c/1"), bytes("1"));
            takeUntil(closedEvents, key("c/1"));
            takeUntil(openEvents, key("c/1"));

            closing.close();
            store.put(key("c/2"), bytes("2"));
            store.put(key("c/end"), bytes("."));

            assertThat(describe(takeUntil(openEvents, key("c/end")))).hasSize(2);
            assertThat(closedEvents.poll(200, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void anExpiredLeaseDeletesItsKeys() throws Exception {
        long lease = store.grantLease(shortLeaseTtl());
        store.put(key("l/leased"), bytes("1"), lease);
        store.put(key("l/kept"), bytes("2"));
        assertThat(store.get(key("l/leased")).orElseThrow().leaseId()).isEqualTo(lease);
        BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();

        try (Watch ignored = store.watch(key("l/"), 0, events::add)) {
            WatchEvent deletion = events.poll(shortLeaseTtl().plus(PATIENCE).toMillis(), TimeUnit.MILLISECONDS);

            assertThat(deletion).isNotNull();
            assertThat(describe(List.of(deletion))).containsExactly("DELETE l/leased=@" + deletion.revision());
            assertThat(store.get(key("l/leased"))).isEmpty();
            assertThat(store.get(key("l/kept"))).isPresent();
            assertThat(store.keepAlive(lease)).isFalse();
        }
    }

    @Test
    void keepAliveKeepsTheLeasedKeys() throws Exception {
        Duration ttl = shortLeaseTtl();
        long lease = store.grantLease(ttl);
        store.put(key("alive"), bytes("1"), lease);

        for (int i = 0; i < 8; i++) {
            Thread.sleep(ttl.dividedBy(4));
            assertThat(store.keepAlive(lease)).isTrue();
        }

        assertThat(store.get(key("alive"))).isPresent();
        awaitAbsent(key("alive"), ttl.plus(PATIENCE));
        assertThat(store.keepAlive(lease)).isFalse();
    }

    @Test
    void revokingALeaseDeletesItsKeysAtOnce() {
        long lease = store.grantLease(Duration.ofSeconds(60));
        store.put(key("r/1"), bytes("1"), lease);
        store.put(key("r/2"), bytes("2"), lease);
        store.put(key("r/3"), bytes("3"));

        store.revokeLease(lease);

        assertThat(names(store.range(key("r/")))).containsExactly("r/3");
        assertThat(store.keepAlive(lease)).isFalse();
        assertThatThrownBy(() -> store.put(key("r/4"), bytes("4"), lease))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void aTransactionCreatesALeasedKeyOnlyIfAbsent() {
        long first = store.grantLease(Duration.ofSeconds(60));
        long second = store.grantLease(Duration.ofSeconds(60));
        List<Compare> absent = List.of(Compare.absent(key("leader")));

        TxnResult won = store.txn(absent, List.of(Op.put(key("leader"), bytes("a"), first)), List.of());
        TxnResult lost = store.txn(absent, List.of(Op.put(key("leader"), bytes("b"), second)), List.of());

        assertThat(won.succeeded()).isTrue();
        assertThat(lost.succeeded()).isFalse();
        KeyValue leader = store.get(key("leader")).orElseThrow();
        assertThat(new String(leader.value(), UTF_8)).isEqualTo("a");
        assertThat(leader.leaseId()).isEqualTo(first);

        store.revokeLease(first);
        assertThat(store.get(key("leader"))).isEmpty();
        assertThat(store.txn(absent, List.of(Op.put(key("leader"), bytes("b"), second)), List.of())
                        .succeeded())
                .isTrue();
        assertThat(store.get(key("leader")).orElseThrow().leaseId()).isEqualTo(second);
    }

    @Test
    void putWithAnUnknownLeaseFails() {
        assertThatThrownBy(() -> store.put(key("x"), bytes("1"), 987_654_321L))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(store.get(key("x"))).isEmpty();
    }

    @Test
    void dataSurvivesAReopen() {
        store.put(key("d/a"), bytes("1"));
        store.put(key("d/a"), bytes("2"));
        store.put(key("d/b"), bytes("3"));
        store.delete(key("d/b"));
        store.txn(List.of(Compare.absent(key("d/c"))), List.of(Op.put(key("d/c"), bytes("4"))), List.of());
        List<KeyValue> before = store.range(key("d/"));
        long revision = store.revision();

        store.close();
        store = reopenStore();

        assertThat(store.range(key("d/")))
                .usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(before);
        assertThat(store.revision()).isEqualTo(revision);
        assertThat(store.put(key("d/d"), bytes("5"))).isGreaterThan(revision);
    }

    /** Takes events until one for {@code lastKey} arrives; fails if that takes longer than {@link #PATIENCE}. */
    protected static List<WatchEvent> takeUntil(BlockingQueue<WatchEvent> events, String lastKey)
            throws InterruptedException {
        List<WatchEvent> taken = new ArrayList<>();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (taken.isEmpty() || !taken.getLast().key().equals(lastKey)) {
            WatchEvent event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertThat(event).as("watch event for %s after %s", lastKey, taken).isNotNull();
            taken.add(event);
        }
        return taken;
    }

    /** Events as {@code "TYPE name=value@revision"}, with names relative to this test's prefix. */
    protected List<String> describe(List<WatchEvent> events) {
        return events.stream()
                .map(e ->
                        e.type() + " " + e.key().substring(root.length()) + "=" + text(e.value()) + "@" + e.revision())
                .toList();
    }

    /** Key names relative to this test's prefix. */
    protected List<String> names(List<KeyValue> entries) {
        return entries.stream()
                .map(entry -> entry.key().substring(root.length()))
                .toList();
    }

    private void awaitAbsent(String key, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (store.get(key).isPresent()) {
            assertThat(System.nanoTime())
                    .as("%s still present after %s", key, timeout)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    protected static String text(byte[] bytes) {
        return new String(bytes, UTF_8);
    }
}
