package io.quiver.common.meta.etcd;

import static java.util.Objects.requireNonNull;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.grpc.Status;
import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.meta.Compare;
import io.quiver.common.meta.KeyValue;
import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.Op;
import io.quiver.common.meta.TxnResult;
import io.quiver.common.meta.Watch;
import io.quiver.common.meta.WatchEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster {@link MetaStore}: etcd (v3 API) through jetcd.
 *
 * <h2>Keys and revisions</h2>
 *
 * <p>Every key is stored under {@link EtcdMetaStoreConfig#namespace()}, which callers never see, so several
 * clusters or tests can share one etcd. Revisions, create and mod revisions, versions and lease ids are etcd's
 * own; the revision is etcd-wide, so writes in other namespaces advance it too. A {@link Compare} holds when the
 * key's etcd mod revision equals its {@code modRevision}; etcd gives an absent key mod revision 0, so
 * {@link Compare#absent} holds exactly while the key does not exist. A transaction branch may change each key
 * at most once (etcd's rule too; checked before sending).
 *
 * <p>{@link #range} reads in pages of up to {@value #RANGE_PAGE_KEYS} keys at the revision of its first page,
 * so it returns one consistent snapshot of any size; a page larger than
 * {@link EtcdMetaStoreConfig#maxInboundMessageBytes()} is read again with half as many keys, and if etcd
 * compacts that revision before the last page, the range starts again.
 *
 * <h2>Watches</h2>
 *
 * <p>Each watch has its own thread ({@code quiver-meta-etcd-watch-N}) that calls the listener in revision
 * order. When the watch stream breaks (etcd restarted, connection lost) the thread opens a new one from the
 * last delivered revision + 1, backing off up to {@value EtcdWatch#MAX_BACKOFF_MILLIS} ms between attempts,
 * and drops anything at or below that revision, so no change is lost or delivered twice. Watches ask etcd for
 * progress notifications, so an idle watch resumes from a recent revision rather than from its last event.
 *
 * <p>Compaction: {@link #watch} fails with {@link ErrorCode#CONFLICT} when etcd has already compacted the
 * revision after {@code fromRevision}, as the embedded store does. If etcd compacts the revision a watch would
 * resume from while the watch is disconnected (or between that check and the stream's start), the listener
 * gets one {@link WatchEvent.Type#COMPACTED} event carrying the compaction revision, and the watch stops: it
 * never skips changes silently.
 *
 * <h2>Leases</h2>
 *
 * <p>etcd leases count whole seconds: a ttl is rounded up to seconds, and etcd raises it to its minimum (about
 * 1.5 times the election timeout: 2 s with etcd's defaults). Leases survive a client restart; etcd renews every
 * lease's ttl when it elects a new leader.
 *
 * <h2>Failures</h2>
 *
 * <p>Every call finishes within {@link EtcdMetaStoreConfig#requestTimeout()}. When etcd cannot be reached or
 * fails, it throws {@link ErrorCode#UNAVAILABLE} ("etcd at ENDPOINTS is unavailable: ..."), which is
 * retriable; a write that failed so may or may not have been applied. Reads that are safe to repeat are
 * retried within the timeout first. {@link #open} does not contact etcd.
 *
 * <p>Thread-safe.
 */
public final class EtcdMetaStore implements MetaStore {
    static final int RANGE_PAGE_KEYS = 1000;
    static final Duration MAX_LEASE_TTL = Duration.ofDays(365);

    private static final Logger log = LoggerFactory.getLogger(EtcdMetaStore.class);

    private final EtcdMetaStoreConfig config;
    private final Client client;
    private final EtcdKeys keys;
    private final EtcdCalls calls;
    private final EtcdLeases leases;
    private final List<EtcdWatch> watches = new ArrayList<>();
    private final AtomicLong nextWatchId = new AtomicLong(1);
    private volatile boolean closed;

    private EtcdMetaStore(EtcdMetaStoreConfig config, Client client) {
        this.config = config;
        this.client = client;
        this.keys = new EtcdKeys(config.namespace());
        this.calls = new EtcdCalls(String.join(",", config.endpoints()), config.requestTimeout());
        this.leases = new EtcdLeases(client.getLeaseClient(), calls);
    }

    /** A store on the etcd at {@code config}'s endpoints; connects on first use. */
    public static EtcdMetaStore open(EtcdMetaStoreConfig config) {
        requireNonNull(config, "config");
        Client client = Client.builder()
                .endpoints(config.endpoints().toArray(String[]::new))
                .maxInboundMessageSize(config.maxInboundMessageBytes())
                // fail fast while etcd is unreachable instead of queueing calls until it is back
                .waitForReady(false)
                .retryMaxDuration(config.requestTimeout())
                .connectTimeout(config.requestTimeout())
                .interceptor(EtcdCalls.deadlineInterceptor(config.requestTimeout()))
                .build();
        log.info(
                "opened the etcd meta store at {} in namespace '{}' (request timeout {})",
                config.endpoints(),
                config.namespace(),
                config.requestTimeout());
        return new EtcdMetaStore(config, client);
    }

    @Override
    public Optional<KeyValue> get(String key) {
        checkKey(key);
        checkOpen();
        GetResponse response = calls.await(client.getKVClient().get(keys.key(key)), "get of key '" + key + "'");
        return response.getKvs().stream().findFirst().map(this::keyValue);
    }

    @Override
    public List<KeyValue> range(String prefix) {
        requireNonNull(prefix, "prefix");
        checkOpen();
        List<KeyValue> result = new ArrayList<>();
        ByteSequence end = keys.prefixEnd(prefix);
        ByteSequence from = keys.key(prefix);
        long revision = 0;
        int pageKeys = RANGE_PAGE_KEYS;
        while (true) {
            GetOption page = GetOption.builder()
                    .withRange(end)
                    .withLimit(pageKeys)
                    .withRevision(revision)
                    .build();
            GetResponse response;
            try {
                response = calls.await(client.getKVClient().get(from, page), "range of prefix '" + prefix + "'");
            } catch (QuiverException e) {
                if (pageKeys > 1 && EtcdCalls.statusOf(e).getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                    pageKeys /= 2;
                    continue;
                }
                if (revision != 0 && EtcdCalls.isCompacted(e)) {
                    // compacted between two pages: read a new snapshot from the start
                    result.clear();
                    from = keys.key(prefix);
                    revision = 0;
                    continue;
                }
                throw e;
            }
            revision = response.getHeader().getRevision();
            response.getKvs().forEach(kv -> result.add(keyValue(kv)));
            if (!response.isMore() || response.getKvs().isEmpty()) {
                return result;
            }
            from = EtcdKeys.successor(response.getKvs().getLast().getKey());
        }
    }

    @Override
    public long put(String key, byte[] value) {
        return put(key, value, 0);
    }

    @Override
    public long put(String key, byte[] value, long leaseId) {
        checkKey(key);
        requireNonNull(value, "value");
        checkOpen();
        PutOption option = PutOption.builder().withLeaseId(leaseId).build();
        try {
            return calls.await(
                            client.getKVClient().put(keys.key(key), ByteSequence.from(value), option),
                            "put of key '" + key + "'")
                    .getHeader()
                    .getRevision();
        } catch (QuiverException e) {
            if (leaseId != 0 && EtcdCalls.statusOf(e).getCode() == Status.Code.NOT_FOUND) {
                throw new QuiverException(
                        ErrorCode.NOT_FOUND,
                        String.format(
                                "cannot put key '%s' with lease %d: no such lease (expired, revoked or never granted)",
                                key, leaseId),
                        e);
            }
            throw e;
        }
    }

    @Override
    public boolean delete(String key) {
        checkKey(key);
        checkOpen();
        return calls.await(client.getKVClient().delete(keys.key(key)), "delete of key '" + key + "'")
                        .getDeleted()
                > 0;
    }

    @Override
    public int deletePrefix(String prefix) {
        requireNonNull(prefix, "prefix");
        checkOpen();
        DeleteOption option =
                DeleteOption.builder().withRange(keys.prefixEnd(prefix)).build();
        long deleted = calls.await(
                        client.getKVClient().delete(keys.key(prefix), option), "delete of prefix '" + prefix + "'")
                .getDeleted();
        return Math.toIntExact(deleted);
    }

    @Override
    public TxnResult txn(List<Compare> compares, List<Op> then, List<Op> otherwise) {
        Cmp[] guards = compares.stream()
                .map(compare -> new Cmp(
                        keys.key(checkKey(compare.key())), Cmp.Op.EQUAL, CmpTarget.modRevision(compare.modRevision())))
                .toArray(Cmp[]::new);
        io.etcd.jetcd.op.Op[] thenOps = etcdOps(then, "then");
        io.etcd.jetcd.op.Op[] otherwiseOps = etcdOps(otherwise, "otherwise");
        checkOpen();
        TxnResponse response = calls.await(
                client.getKVClient()
                        .txn()
                        .If(guards)
                        .Then(thenOps)
                        .Else(otherwiseOps)
                        .commit(),
                "transaction with " + compares.size() + " comparisons");
        return new TxnResult(response.isSucceeded(), response.getHeader().getRevision());
    }

    @Override
    public long revision() {
        checkOpen();
        GetOption countOnly = GetOption.builder().withCountOnly(true).build();
        return calls.await(client.getKVClient().get(keys.key(""), countOnly), "read of the revision")
                .getHeader()
                .getRevision();
    }

    @Override
    public Watch watch(String prefix, long fromRevision, Consumer<WatchEvent> listener) {
        requireNonNull(prefix, "prefix");
        requireNonNull(listener, "listener");
        QuiverException.check(fromRevision >= 0, "watch fromRevision must not be negative: %d", fromRevision);
        checkOpen();
        long start = fromRevision == 0 ? revision() : checkNotCompacted(prefix, fromRevision);
        String name = "quiver-meta-etcd-watch-" + nextWatchId.getAndIncrement();
        synchronized (watches) {
            checkOpen();
            EtcdWatch watch =
                    EtcdWatch.start(name, client.getWatchClient(), keys, prefix, start, listener, this::unregister);
            watches.add(watch);
            return watch;
        }
    }

    @Override
    public long grantLease(Duration ttl) {
        requireNonNull(ttl, "ttl");
        QuiverException.check(
                ttl.isPositive() && ttl.compareTo(MAX_LEASE_TTL) <= 0,
                "lease ttl %s is outside (0, %s]",
                ttl,
                MAX_LEASE_TTL);
        checkOpen();
        return leases.grant(ttl);
    }

    @Override
    public boolean keepAlive(long leaseId) {
        checkOpen();
        return leases.keepAlive(leaseId);
    }

    /** Ends the lease and deletes its keys in one revision; does nothing if the lease has already ended. */
    @Override
    public void revokeLease(long leaseId) {
        checkOpen();
        leases.revoke(leaseId);
    }

    /** Closes every watch and the client. Later calls fail; closing twice is fine. */
    @Override
    public void close() {
        List<EtcdWatch> open;
        synchronized (watches) {
            if (closed) {
                return;
            }
            closed = true;
            open = List.copyOf(watches);
            watches.clear();
        }
        open.forEach(EtcdWatch::close);
        client.close();
        log.info("closed the etcd meta store at {} in namespace '{}'", config.endpoints(), config.namespace());
    }

    /** Returns {@code fromRevision} if etcd still holds the changes after it. */
    private long checkNotCompacted(String prefix, long fromRevision) {
        GetOption atNext = GetOption.builder()
                .withCountOnly(true)
                .withRevision(fromRevision + 1)
                .build();
        try {
            calls.await(client.getKVClient().get(keys.key(prefix), atNext), "read at revision " + (fromRevision + 1));
        } catch (QuiverException e) {
            if (EtcdCalls.isCompacted(e)) {
                throw new QuiverException(
                        ErrorCode.CONFLICT,
                        String.format(
                                "cannot watch prefix '%s' from revision %d: etcd at %s has compacted revision %d",
                                prefix, fromRevision, calls.endpoints(), fromRevision + 1),
                        e);
            }
            // a revision after the current one is fine to watch from; anything else is a real failure
            if (EtcdCalls.statusOf(e).getCode() != Status.Code.OUT_OF_RANGE) {
                throw e;
            }
        }
        return fromRevision;
    }

    private io.etcd.jetcd.op.Op[] etcdOps(List<Op> ops, String branch) {
        Set<String> seen = new HashSet<>();
        List<io.etcd.jetcd.op.Op> result = new ArrayList<>(ops.size());
        for (Op op : ops) {
            checkKey(op.key());
            QuiverException.check(
                    seen.add(op.key()), "txn branch '%s' changes key '%s' twice; at most once", branch, op.key());
            result.add(
                    switch (op) {
                        case Op.Put put ->
                            io.etcd.jetcd.op.Op.put(
                                    keys.key(put.key()),
                                    ByteSequence.from(put.value()),
                                    put.leaseId() == 0
                                            ? PutOption.DEFAULT
                                            : PutOption.builder()
                                                    .withLeaseId(put.leaseId())
                                                    .build());
                        case Op.Delete delete ->
                            io.etcd.jetcd.op.Op.delete(keys.key(delete.key()), DeleteOption.DEFAULT);
                    });
        }
        return result.toArray(io.etcd.jetcd.op.Op[]::new);
    }

    private KeyValue keyValue(io.etcd.jetcd.KeyValue kv) {
        return new KeyValue(
                keys.callerKey(kv.getKey()),
                kv.getValue().getBytes(),
                kv.getCreateRevision(),
                kv.getModRevision(),
                kv.getVersion(),
                kv.getLease());
    }

    private void unregister(EtcdWatch watch) {
        synchronized (watches) {
            watches.remove(watch);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new QuiverException(
                    ErrorCode.UNAVAILABLE,
                    "the etcd meta store at " + calls.endpoints() + " (namespace '" + config.namespace()
                            + "') is closed");
        }
    }

    private static String checkKey(String key) {
        requireNonNull(key, "key");
        QuiverException.check(!key.isEmpty(), "meta store keys must not be empty");
        return key;
    }
}
