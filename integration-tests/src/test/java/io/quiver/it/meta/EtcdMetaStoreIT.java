package io.quiver.it.meta;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.meta.Compare;
import io.quiver.common.meta.KeyValue;
import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.MetaStoreContractTest;
import io.quiver.common.meta.Op;
import io.quiver.common.meta.Watch;
import io.quiver.common.meta.WatchEvent;
import io.quiver.common.meta.etcd.EtcdMetaStore;
import io.quiver.common.meta.etcd.EtcdMetaStoreConfig;
import io.quiver.it.services.EtcdServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@link MetaStoreContractTest} against a real etcd (one for the class, each test in its own namespace), plus
 * what only a server can show: watches across restarts and compaction, ranges past gRPC's 4 MiB response limit,
 * lease expiry on etcd's clock, and outages.
 */
class EtcdMetaStoreIT extends MetaStoreContractTest {
    private static final Duration OUTAGE_TIMEOUT = Duration.ofSeconds(2);
    /** How long calls may overrun their timeout on this small, shared machine. */
    private static final Duration SLACK = Duration.ofMillis(1500);

    private static final Duration RECOVERY = Duration.ofSeconds(30);
    /** How often etcd tells idle watches how far it has got (10 min by default). */
    private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(500);

    private static EtcdServer etcd;

    private String namespace;
    private final List<AutoCloseable> extras = new ArrayList<>();

    @BeforeAll
    static void startEtcd() {
        etcd = EtcdServer.startNew(
                "--experimental-watch-progress-notify-interval=" + PROGRESS_INTERVAL.toMillis() + "ms");
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @AfterEach
    void closeExtrasAndRestartEtcd() throws Exception {
        for (AutoCloseable extra : extras.reversed()) {
            extra.close();
        }
        if (!etcd.isRunning()) {
            etcd.start();
        }
    }

    @Override
    protected MetaStore createStore() {
        namespace = "it-" + UUID.randomUUID() + "/";
        return EtcdMetaStore.open(config());
    }

    @Override
    protected MetaStore reopenStore() {
        return EtcdMetaStore.open(config());
    }

    /** etcd raises shorter leases to its minimum ttl, 2 s with its default election timeout. */
    @Override
    protected Duration shortLeaseTtl() {
        return Duration.ofSeconds(2);
    }

    private EtcdMetaStoreConfig config() {
        return EtcdMetaStoreConfig.defaults()
                .withEndpoints(List.of(etcd.endpoint()))
                .withNamespace(namespace);
    }

    private MetaStore extraStore(EtcdMetaStoreConfig config) {
        MetaStore extra = EtcdMetaStore.open(config);
        extras.add(extra);
        return extra;
    }

    @Test
    void keysOfOtherNamespacesAreInvisible() {
        MetaStore other = extraStore(config().withNamespace("other-" + UUID.randomUUID() + "/"));
        store.put(key("shared"), bytes("mine"));
        other.put(key("shared"), bytes("theirs"));

        assertThat(store.get(key("shared")).orElseThrow().value()).containsExactly(bytes("mine"));
        assertThat(names(other.range(""))).containsExactly("shared");
        assertThat(other.range("").getFirst().key()).isEqualTo(key("shared"));
        assertThat(other.deletePrefix("")).isEqualTo(1);
        assertThat(store.get(key("shared"))).isPresent();
    }

    @Test
    void aWatchDeliversEveryEventOnceAcrossAnEtcdRestart() throws Exception {
        int total = 300;
        int killAfter = 100;
        BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
        try (Watch ignored = store.watch(key("r/"), 0, events::add)) {
            for (int i = 0; i < total; i++) {
                if (i == killAfter) {
                    etcd.kill();
                    int index = i;
                    assertUnavailable(() -> writeOnce(index), EtcdMetaStoreConfig.DEFAULT_REQUEST_TIMEOUT.plus(SLACK));
                    etcd.start();
                }
                int index = i;
                retryWhileUnavailable(() -> writeOnce(index));
            }

            List<WatchEvent> seen = takeUntil(events, key(String.format("r/%04d", total - 1)), RECOVERY);

            List<String> expected = new ArrayList<>();
            for (KeyValue written : store.range(key("r/"))) {
                expected.add("PUT " + written.key().substring(key("").length()) + "=" + text(written.value()) + "@"
                        + written.modRevision());
            }
            assertThat(expected).hasSize(total);
            assertThat(describe(seen)).containsExactlyElementsOf(expected);
            assertThat(events.poll(300, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    /** Writes key r/NNNN once: a retry after a failure whose write did happen changes nothing. */
    private boolean writeOnce(int index) {
        String name = key(String.format("r/%04d", index));
        return store.txn(
                        List.of(Compare.absent(name)), List.of(Op.put(name, bytes(Integer.toString(index)))), List.of())
                .succeeded();
    }

    @Test
    void aWatchFromACompactedRevisionFailsWithConflictAndTheOldestKeptRevisionStillWorks() throws Exception {
        long first = store.put(key("c/a"), bytes("1"));
        store.put(key("c/b"), bytes("2"));
        long last = store.put(key("c/c"), bytes("3"));
        compact(last);

        assertThatThrownBy(() -> store.watch(key("c/"), first, event -> {}))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessage(
                        "cannot watch prefix '%s' from revision %d: etcd at %s has compacted revision %d",
                        key("c/"), first, etcd.endpoint(), first + 1);

        BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
        try (Watch ignored = store.watch(key("c/"), last - 1, events::add)) {
            long end = store.put(key("c/end"), bytes("."));
            assertThat(describe(takeUntil(events, key("c/end"))))
                    .containsExactly("PUT c/c=3@" + last, "PUT c/end=.@" + end);
        }
    }

    @Test
    void aWatchThatCannotResumeBecauseOfCompactionEndsWithACompactedEvent() throws Exception {
        TcpProxy proxy = TcpProxy.start(etcd.clientPort());
        extras.add(proxy);
        MetaStore behindProxy = extraStore(config().withEndpoints(List.of(proxy.endpoint())));
        BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
        try (Watch ignored = behindProxy.watch(key("x/"), 0, events::add)) {
            long seen = store.put(key("x/1"), bytes("1"));
            assertThat(describe(takeUntil(events, key("x/1")))).containsExactly("PUT x/1=1@" + seen);

            proxy.cut();
            store.put(key("x/2"), bytes("2"));
            long compacted = store.put(key("x/3"), bytes("3"));
            compact(compacted);
            proxy.restore();

            WatchEvent end = events.poll(RECOVERY.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(end).isNotNull();
            assertThat(end.type()).isEqualTo(WatchEvent.Type.COMPACTED);
            assertThat(end.key()).isEqualTo(key("x/"));
            assertThat(end.revision()).isEqualTo(compacted);
            store.put(key("x/4"), bytes("4"));
            assertThat(events.poll(500, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void aWatchCatchesUpOnceOnChangesMadeWhileItWasDisconnected() throws Exception {
        TcpProxy proxy = TcpProxy.start(etcd.clientPort());
        extras.add(proxy);
        MetaStore behindProxy = extraStore(config().withEndpoints(List.of(proxy.endpoint())));
        BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
        try (Watch ignored = behindProxy.watch(key("d/"), 0, events::add)) {
            List<String> expected = new ArrayList<>();
            long first = store.put(key("d/000"), bytes("0"));
            expected.add("PUT d/000=0@" + first);
            assertThat(describe(takeUntil(events, key("d/000")))).containsExactlyElementsOf(expected);

            proxy.cut();
            for (int i = 1; i <= 50; i++) {
                String name = String.format("d/%03d", i);
                long revision =
                        i % 10 == 0 ? deleted(key(String.format("d/%03d", i - 1))) : store.put(key(name), bytes(name));
                expected.add(
                        i % 10 == 0
                                ? "DELETE " + String.format("d/%03d", i - 1) + "=@" + revision
                                : "PUT " + name + "=" + name + "@" + revision);
            }
            long end = store.put(key("d/end"), bytes("."));
            expected.add("PUT d/end=.@" + end);
            proxy.restore();

            assertThat(describe(takeUntil(events, key("d/end"), RECOVERY)))
                    .containsExactlyElementsOf(expected.subList(1, expected.size()));
            assertThat(events.poll(300, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    private long deleted(String key) {
        assertThat(store.delete(key)).isTrue();
        return store.revision();
    }

    @Test
    void anIdleWatchResumesFromItsLastProgressNotificationRatherThanItsLastEvent() throws Exception {
        TcpProxy proxy = TcpProxy.start(etcd.clientPort());
        extras.add(proxy);
        MetaStore behindProxy = extraStore(config().withEndpoints(List.of(proxy.endpoint())));
        BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
        try (Watch ignored = behindProxy.watch(key("idle/"), 0, events::add)) {
            long seen = store.put(key("idle/1"), bytes("1"));
            assertThat(describe(takeUntil(events, key("idle/1")))).containsExactly("PUT idle/1=1@" + seen);
            for (int i = 0; i < 5; i++) {
                store.put(key("elsewhere/" + i), bytes("x"));
            }
            long compacted = store.revision();
            Thread.sleep(PROGRESS_INTERVAL.multipliedBy(4).toMillis());

            proxy.cut();
            compact(compacted);
            proxy.restore();
            long later = store.put(key("idle/2"), bytes("2"));

            assertThat(describe(takeUntil(events, key("idle/2"), RECOVERY))).containsExactly("PUT idle/2=2@" + later);
        }
    }

    @Test
    void aRangeLargerThanTheResponseLimitReturnsEveryKey() throws Exception {
        long seed = System.nanoTime();
        System.out.println("aRangeLargerThanTheResponseLimitReturnsEveryKey seed " + seed);
        Random random = new Random(seed);
        int keys = 600;
        int valueBytes = 10 * 1024; // 6 MiB in all
        List<byte[]> values = new ArrayList<>();
        for (int batch = 0; batch < keys; batch += 100) {
            List<Op> puts = new ArrayList<>();
            for (int i = batch; i < batch + 100; i++) {
                byte[] value = new byte[valueBytes];
                random.nextBytes(value);
                values.add(value);
                puts.add(Op.put(key(String.format("big/%04d", i)), value));
            }
            store.txn(List.of(), puts, List.of());
        }
        int limit = EtcdMetaStoreConfig.MIN_MAX_INBOUND_MESSAGE_BYTES;
        assertOneResponseExceeds(key("big/"), limit);
        MetaStore smallResponses = extraStore(config().withMaxInboundMessageBytes(limit));

        for (MetaStore reader : List.of(store, smallResponses)) {
            List<KeyValue> all = reader.range(key("big/"));

            assertThat(all).hasSize(keys);
            for (int i = 0; i < keys; i++) {
                assertThat(all.get(i).key()).isEqualTo(key(String.format("big/%04d", i)));
                assertThat(all.get(i).value()).isEqualTo(values.get(i));
            }
        }
    }

    /** The premise of the range test: reading every key under {@code prefix} in one response fails. */
    private void assertOneResponseExceeds(String prefix, int maxInboundMessageBytes) throws Exception {
        try (Client client = Client.builder()
                .endpoints(etcd.endpoint())
                .maxInboundMessageSize(maxInboundMessageBytes)
                .build()) {
            ByteSequence etcdPrefix = ByteSequence.from(namespace + prefix, UTF_8);
            GetOption everything = GetOption.builder().isPrefix(true).build();
            assertThatThrownBy(() ->
                            client.getKVClient().get(etcdPrefix, everything).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasStackTraceContaining("RESOURCE_EXHAUSTED");
        }
    }

    @Test
    void aLeasesKeysDisappearAfterItsTtlWhenNotKeptAlive() throws Exception {
        Duration ttl = Duration.ofSeconds(2);
        long beforeGrant = System.nanoTime();
        long lease = store.grantLease(ttl);
        store.put(key("lease/a"), bytes("1"), lease);
        store.put(key("lease/b"), bytes("2"), lease);
        store.put(key("lease/unleased"), bytes("3"));

        assertThat(store.get(key("lease/a")).orElseThrow().leaseId()).isEqualTo(lease);
        while (store.range(key("lease/")).size() > 1) {
            assertThat(Duration.ofNanos(System.nanoTime() - beforeGrant)).isLessThan(ttl.plus(PATIENCE));
            Thread.sleep(50);
        }

        assertThat(Duration.ofNanos(System.nanoTime() - beforeGrant)).isGreaterThanOrEqualTo(ttl);
        assertThat(names(store.range(key("lease/")))).containsExactly("lease/unleased");
        assertThat(store.keepAlive(lease)).isFalse();
    }

    @Test
    void callsDuringAnOutageFailRetriablyWithinTheTimeoutAndSucceedAfterARestart() throws Exception {
        MetaStore impatient = extraStore(config().withRequestTimeout(OUTAGE_TIMEOUT));
        long written = impatient.put(key("o/before"), bytes("1"));
        long lease = impatient.grantLease(Duration.ofSeconds(60));

        etcd.stop();

        Duration limit = OUTAGE_TIMEOUT.plus(SLACK);
        assertUnavailable(() -> impatient.get(key("o/before")), limit);
        assertUnavailable(() -> impatient.range(key("o/")), limit);
        assertUnavailable(() -> impatient.put(key("o/during"), bytes("2")), limit);
        assertUnavailable(() -> impatient.delete(key("o/before")), limit);
        assertUnavailable(() -> impatient.deletePrefix(key("o/")), limit);
        assertUnavailable(
                () -> impatient.txn(
                        List.of(Compare.absent(key("o/x"))), List.of(Op.put(key("o/x"), bytes("3"))), List.of()),
                limit);
        assertUnavailable(impatient::revision, limit);
        assertUnavailable(() -> impatient.grantLease(Duration.ofSeconds(5)), limit);
        assertUnavailable(() -> impatient.keepAlive(lease), limit);
        assertUnavailable(() -> impatient.watch(key("o/"), 0, event -> {}), limit);

        etcd.start();

        long after = retryWhileUnavailable(() -> impatient.put(key("o/after"), bytes("4")));
        assertThat(after).isGreaterThan(written);
        assertThat(impatient.get(key("o/before")).orElseThrow().modRevision()).isEqualTo(written);
        assertThat(names(impatient.range(key("o/")))).containsExactly("o/after", "o/before");
        assertThat(impatient.keepAlive(lease)).isTrue();
        impatient.revokeLease(lease);
    }

    /** Runs {@code call}, which must fail with a retriable UNAVAILABLE naming the endpoint within {@code limit}. */
    private void assertUnavailable(ThrowingCallable call, Duration limit) {
        long start = System.nanoTime();
        assertThatThrownBy(call).isInstanceOfSatisfying(QuiverException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(e.code().retriable()).isTrue();
            assertThat(e.getMessage()).startsWith("etcd at " + etcd.endpoint() + " is unavailable: ");
        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(limit);
    }

    /** Repeats {@code call} while it fails with UNAVAILABLE, for up to {@link #RECOVERY}. */
    private static <T> T retryWhileUnavailable(Supplier<T> call) throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (true) {
            try {
                return call.get();
            } catch (QuiverException e) {
                if (e.code() != ErrorCode.UNAVAILABLE || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static void compact(long revision) throws Exception {
        try (Client client = Client.builder().endpoints(etcd.endpoint()).build()) {
            client.getKVClient().compact(revision).get(10, TimeUnit.SECONDS);
        }
    }

    /** Like {@link #takeUntil(BlockingQueue, String)} with a longer patience, for waits that span a restart. */
    private static List<WatchEvent> takeUntil(BlockingQueue<WatchEvent> events, String lastKey, Duration patience)
            throws InterruptedException {
        List<WatchEvent> taken = new ArrayList<>();
        long deadline = System.nanoTime() + patience.toNanos();
        while (taken.isEmpty() || !taken.getLast().key().equals(lastKey)) {
            WatchEvent event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertThat(event)
                    .as("watch event for %s after %s events", lastKey, taken.size())
                    .isNotNull();
            taken.add(event);
        }
        return taken;
    }
}
