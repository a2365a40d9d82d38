package io.quiver.common.meta.embedded;

import static java.util.Objects.requireNonNull;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.meta.Compare;
import io.quiver.common.meta.KeyValue;
import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.Op;
import io.quiver.common.meta.TxnResult;
import io.quiver.common.meta.Watch;
import io.quiver.common.meta.WatchEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone {@link MetaStore}: a sorted in-memory map made durable by an fsync'd journal and periodic
 * snapshots in one local directory.
 *
 * <h2>State</h2>
 *
 * <p>Keys are kept sorted by their UTF-8 bytes ({@link KeyOrder}; for ASCII keys this is plain
 * {@code String} order), with one store-wide revision. A put, a delete, a writing transaction and a lease
 * expiry each make exactly one new revision, shared by all the keys they change; a delete of an absent key, or
 * a transaction whose chosen branch changes nothing, makes none. Each key carries etcd's createRevision,
 * modRevision and version (1 after the first put; a delete and a new put start again at 1).
 *
 * <h2>Directory layout</h2>
 *
 * <ul>
 *   <li>{@code meta.lock}: held with an OS file lock while the store is open, so two stores never share the
 *       directory.
 *   <li>{@code meta.journal}: a header ({@code "QVMJ"}, format version 1), then one frame per revision
 *       ({@code length:int32 crc32c:int32 record}, the record listing the revision's puts and deletes),
 *       appended and fsynced before the call that made the change returns; the byte layout is in
 *       {@link Journal}.
 *   <li>{@code meta.snapshot}: a header ({@code "QVMS"}, format version 1), the revision, every key with its
 *       value, revisions, version and lease, and a CRC32C of it all; the byte layout is in
 *       {@link SnapshotFile}.
 *   <li>{@code *.tmp}: a snapshot or journal being written; removed on open.
 * </ul>
 *
 * <p>When the journal holds {@link EmbeddedMetaStoreConfig#journalRecordsPerSnapshot()} records, the store
 * writes a snapshot (temporary file, fsync, atomic rename, directory fsync) and then replaces the journal
 * with an empty one the same way. A crash between the two leaves a journal whose records the snapshot already
 * holds; replay skips records at or below the snapshot's revision.
 *
 * <h2>Recovery</h2>
 *
 * <p>{@link #open} loads the snapshot (if any), replays the journal records after it (they also refill the
 * watch history), truncates a torn tail left by a crash in the middle of an append, and fails with
 * {@link ErrorCode#CORRUPT_DATA} if a snapshot or a journal frame before the tail is damaged, if revisions
 * are not consecutive, or if a file has an unknown format version.
 *
 * <h2>Leases</h2>
 *
 * <p>Leases live in memory only and expire by the injected {@link Clock}: a lease granted with ttl {@code t}
 * at instant {@code n} expires at {@code n + t}, and {@link #keepAlive} moves that to {@code now + t}. Every
 * store call first expires due leases, and a background thread ({@code quiver-meta-lease-sweeper}) does the
 * same every {@link EmbeddedMetaStoreConfig#leaseSweepInterval()}; an expiry (or a revoke) deletes the lease's
 * keys in one journaled revision, which watches see as DELETE events. Leases do not survive a restart: on
 * open, keys attached to leases of the previous run are deleted in one revision.
 *
 * <h2>Watches</h2>
 *
 * <p>Each watch has its own daemon thread ({@code quiver-meta-watch-N}) and unbounded queue, so a slow
 * listener delays neither writers nor other watches. The last
 * {@link EmbeddedMetaStoreConfig#watchHistoryEvents()} events (whole revisions) are kept for watches that
 * start from a past revision; an older start fails with {@link ErrorCode#CONFLICT}.
 *
 * <p>Thread-safe: one lock serializes every call, including the journal fsync.
 */
public final class EmbeddedMetaStore implements MetaStore {
    static final Duration MAX_LEASE_TTL = Duration.ofDays(365);

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMetaStore.class);

    private final Path directory;
    private final Clock clock;
    private final EmbeddedMetaStoreConfig config;
    private final StoreDirectory files;
    private final KeySpace keys;
    private final WatchHistory history;
    private final LeaseTable leases = new LeaseTable();
    private final List<EmbeddedWatch> watches = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private ScheduledExecutorService sweeper;
    private long nextWatchId = 1;
    private volatile boolean closed;

    private EmbeddedMetaStore(
            Path directory,
            Clock clock,
            EmbeddedMetaStoreConfig config,
            StoreDirectory files,
            KeySpace keys,
            WatchHistory history) {
        this.directory = directory;
        this.clock = clock;
        this.config = config;
        this.files = files;
        this.keys = keys;
        this.history = history;
    }

    /** Opens (or creates) the store in {@code directory} with default settings. */
    public static EmbeddedMetaStore open(Path directory, Clock clock) {
        return open(directory, clock, EmbeddedMetaStoreConfig.defaults());
    }

    /** Opens (or creates) the store in {@code directory}, recovering its snapshot and journal. */
    public static EmbeddedMetaStore open(Path directory, Clock clock, EmbeddedMetaStoreConfig config) {
        requireNonNull(directory, "directory");
        requireNonNull(clock, "clock");
        requireNonNull(config, "config");
        StoreDirectory files = null;
        try {
            files = StoreDirectory.lock(directory, config.journalRecordsPerSnapshot());
            KeySpace keys = files.loadSnapshot();
            WatchHistory history = new WatchHistory(config.watchHistoryEvents(), keys.revision());
            files.recoverJournal(keys.revision(), mutation -> history.add(keys.apply(mutation)));
            EmbeddedMetaStore store = new EmbeddedMetaStore(directory, clock, config, files, keys, history);
            files = null; // the store owns them now and closes them if it cannot start
            store.startOrClose();
            return store;
        } catch (IOException e) {
            throw new QuiverException(
                    ErrorCode.UNAVAILABLE, "cannot open the meta store in " + directory + ": " + e, e);
        } finally {
            if (files != null) {
                files.close();
            }
        }
    }

    @Override
    public Optional<KeyValue> get(String key) {
        checkKey(key);
        return locked(() -> keys.get(key));
    }

    @Override
    public List<KeyValue> range(String prefix) {
        requireNonNull(prefix, "prefix");
        return locked(() -> keys.range(prefix));
    }

    @Override
    public long put(String key, byte[] value) {
        return put(key, value, 0);
    }

    @Override
    public long put(String key, byte[] value, long leaseId) {
        checkKey(key);
        Mutation.Put put = new Mutation.Put(key, requireNonNull(value, "value").clone(), leaseId);
        return locked(() -> {
            if (leaseId != 0 && !leases.contains(leaseId)) {
                throw new QuiverException(
                        ErrorCode.NOT_FOUND,
                        String.format(
                                "cannot put key '%s' with lease %d: no such lease (expired, revoked or never granted)",
                                key, leaseId));
            }
            return commit(List.of(put));
        });
    }

    @Override
    public boolean delete(String key) {
        checkKey(key);
        return locked(() -> {
            if (!keys.contains(key)) {
                return false;
            }
            commit(List.of(new Mutation.Delete(key)));
            return true;
        });
    }

    @Override
    public int deletePrefix(String prefix) {
        requireNonNull(prefix, "prefix");
        return locked(() -> deleteKeys(keys.keysWithPrefix(prefix)));
    }

    @Override
    public TxnResult txn(List<Compare> compares, List<Op> then, List<Op> otherwise) {
        List<Compare> guards = List.copyOf(compares);
        List<Mutation.Change> thenChanges = changesOf(then, "then");
        List<Mutation.Change> otherwiseChanges = changesOf(otherwise, "otherwise");
        return locked(() -> {
            boolean holds = guards.stream().allMatch(guard -> keys.modRevision(guard.key()) == guard.modRevision());
            for (Mutation.Change change : holds ? thenChanges : otherwiseChanges) {
                if (change instanceof Mutation.Put put && put.leaseId() != 0 && !leases.contains(put.leaseId())) {
                    throw new QuiverException(
                            ErrorCode.NOT_FOUND,
                            String.format(
                                    "cannot put key '%s' with lease %d: no such lease (expired, revoked or never granted)",
                                    put.key(), put.leaseId()));
                }
            }
            List<Mutation.Change> effective = (holds ? thenChanges : otherwiseChanges)
                    .stream()
                            .filter(change -> change instanceof Mutation.Put || keys.contains(change.key()))
                            .toList();
            long revision = effective.isEmpty() ? keys.revision() : commit(effective);
            return new TxnResult(holds, revision);
        });
    }

    @Override
    public long revision() {
        return locked(keys::revision);
    }

    @Override
    public Watch watch(String prefix, long fromRevision, Consumer<WatchEvent> listener) {
        requireNonNull(prefix, "prefix");
        requireNonNull(listener, "listener");
        QuiverException.check(fromRevision >= 0, "watch fromRevision must not be negative: %d", fromRevision);
        return locked(() -> {
            List<WatchEvent> backlog = fromRevision == 0 ? List.of() : history.after(fromRevision, prefix);
            long start = fromRevision == 0 ? keys.revision() : fromRevision;
            String name = "quiver-meta-watch-" + nextWatchId++;
            EmbeddedWatch watch = EmbeddedWatch.start(name, prefix, start, backlog, listener, this::unregister);
            watches.add(watch);
            return watch;
        });
    }

    @Override
    public long grantLease(Duration ttl) {
        requireNonNull(ttl, "ttl");
        QuiverException.check(
                ttl.isPositive() && ttl.compareTo(MAX_LEASE_TTL) <= 0,
                "lease ttl %s is outside (0, %s]",
                ttl,
                MAX_LEASE_TTL);
        return locked(() -> leases.grant(ttl, clock.instant()));
    }

    @Override
    public boolean keepAlive(long leaseId) {
        return locked(() -> leases.renew(leaseId, clock.instant()));
    }

    /** Ends the lease and deletes its keys in one revision; does nothing if the lease has already ended. */
    @Override
    public void revokeLease(long leaseId) {
        locked(() -> leases.remove(leaseId) ? deleteKeys(keys.keysOfLease(leaseId)) : 0);
    }

    /**
     * Expires every lease that is due by the clock, deleting its keys. Every store call does this first; the
     * sweeper thread calls it periodically, and tests with a fake clock can call it directly.
     */
    void expireLeases() {
        locked(() -> 0);
    }

    /** Closes every watch, stops the sweeper and closes the files. Later calls fail; closing twice is fine. */
    @Override
    public void close() {
        List<EmbeddedWatch> open;
        ScheduledExecutorService sweeperToStop;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            files.close();
            open = List.copyOf(watches);
            watches.clear();
            sweeperToStop = sweeper;
        } finally {
            lock.unlock();
        }
        if (sweeperToStop != null) {
            sweeperToStop.shutdownNow();
            awaitTermination(sweeperToStop);
        }
        open.forEach(EmbeddedWatch::close);
        log.info("closed the meta store in {}", directory);
    }

    private void startOrClose() {
        try {
            start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void start() {
        lock.lock();
        try {
            int deleted = deleteKeys(keys.keysWithAnyLease());
            if (deleted > 0) {
                log.info("meta store in {}: deleted {} keys of leases from before the restart", directory, deleted);
            }
            files.snapshotIfDue(keys);
            if (config.leaseSweepInterval().isPositive()) {
                long millis = Math.max(1, config.leaseSweepInterval().toMillis());
                sweeper = Executors.newSingleThreadScheduledExecutor(task -> Thread.ofPlatform()
                        .name("quiver-meta-lease-sweeper")
                        .daemon()
                        .unstarted(task));
                sweeper.scheduleWithFixedDelay(this::sweep, millis, millis, TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
        log.info("opened the meta store in {} at revision {} with {} keys", directory, keys.revision(), keys.size());
    }

    /** Runs {@code action} under the lock on an open store, after expiring due leases. */
    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            if (closed) {
                throw new QuiverException(ErrorCode.UNAVAILABLE, "the meta store in " + directory + " is closed");
            }
            expireDueLeases();
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private void expireDueLeases() {
        for (long leaseId : leases.removeExpired(clock.instant())) {
            int deleted = deleteKeys(keys.keysOfLease(leaseId));
            log.info("meta store in {}: lease {} expired; deleted its {} keys", directory, leaseId, deleted);
        }
    }

    private int deleteKeys(List<String> doomed) {
        if (!doomed.isEmpty()) {
            commit(doomed.stream().<Mutation.Change>map(Mutation.Delete::new).toList());
        }
        return doomed.size();
    }

    /** Journals the changes as the next revision, applies them, and hands their events to the watches. */
    private long commit(List<Mutation.Change> changes) {
        Mutation mutation = new Mutation(keys.revision() + 1, changes);
        files.append(mutation);
        List<WatchEvent> events = keys.apply(mutation);
        history.add(events);
        for (EmbeddedWatch watch : watches) {
            events.forEach(watch::offer);
        }
        files.snapshotIfDue(keys);
        return mutation.revision();
    }

    private void unregister(EmbeddedWatch watch) {
        lock.lock();
        try {
            watches.remove(watch);
        } finally {
            lock.unlock();
        }
    }

    private void sweep() {
        try {
            expireLeases();
        } catch (RuntimeException e) {
            if (!closed) {
                log.warn("meta store in {}: lease sweep failed", directory, e);
            }
        }
    }

    private static List<Mutation.Change> changesOf(List<Op> ops, String branch) {
        Set<String> seen = new HashSet<>();
        List<Mutation.Change> changes = new ArrayList<>(ops.size());
        for (Op op : ops) {
            checkKey(op.key());
            QuiverException.check(
                    seen.add(op.key()), "txn branch '%s' changes key '%s' twice; at most once", branch, op.key());
            changes.add(
                    switch (op) {
                        case Op.Put put ->
                            new Mutation.Put(put.key(), put.value().clone(), put.leaseId());
                        case Op.Delete delete -> new Mutation.Delete(delete.key());
                    });
        }
        return changes;
    }

    private static void checkKey(String key) {
        requireNonNull(key, "key");
        QuiverException.check(!key.isEmpty(), "meta store keys must not be empty");
    }

    private static void awaitTermination(ScheduledExecutorService executor) {
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
