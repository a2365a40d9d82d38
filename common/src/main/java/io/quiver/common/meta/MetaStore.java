package io.quiver.common.meta;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A small, etcd-shaped key-value store for coordinator state. Keys are strings ordered by their UTF-8
 * bytes; every change increments one store-wide revision.
 *
 * <p>Backends: {@code EmbeddedMetaStore} (standalone; sorted map with an fsync'd journal and
 * snapshots) and the etcd backend (cluster). Both pass {@code MetaStoreContractTest}.
 */
public interface MetaStore extends AutoCloseable {

    Optional<KeyValue> get(String key);

    /** Every key starting with {@code prefix}, in key order. */
    List<KeyValue> range(String prefix);

    /** Writes a key; returns the store revision of the write. */
    long put(String key, byte[] value);

    /** Writes a key attached to a lease: it is deleted when the lease expires or is revoked. */
    long put(String key, byte[] value, long leaseId);

    /** Deletes a key; returns whether it existed. */
    boolean delete(String key);

    /** Deletes every key starting with {@code prefix}; returns how many there were. */
    int deletePrefix(String prefix);

    /**
     * Applies {@code then} atomically if every comparison holds, {@code otherwise} if not. This is the
     * compare-and-set every catalog change goes through.
     */
    TxnResult txn(List<Compare> compares, List<Op> then, List<Op> otherwise);

    /** The store's current revision. */
    long revision();

    /**
     * Calls {@code listener} with every change under {@code prefix} after {@code fromRevision}
     * (exclusive; 0 means from now on), in revision order, on a store-owned thread. Close the watch to stop.
     *
     * @throws io.quiver.common.QuiverException {@link io.quiver.common.ErrorCode#CONFLICT} if the store no
     *     longer holds the changes after {@code fromRevision} (compacted). If they are compacted later, while
     *     a watch is disconnected, the watch delivers one {@link WatchEvent.Type#COMPACTED} event and stops.
     */
    Watch watch(String prefix, long fromRevision, Consumer<WatchEvent> listener);

    /** A lease that lives for {@code ttl} unless kept alive; returns its id. */
    long grantLease(Duration ttl);

    /** Renews a lease; returns false if it has already expired. */
    boolean keepAlive(long leaseId);

    /** Ends a lease now and deletes its keys. */
    void revokeLease(long leaseId);

    @Override
    void close();
}
