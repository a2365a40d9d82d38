package io.quiver.coordinator.internal;

import io.quiver.common.meta.Compare;
import io.quiver.common.meta.KeyValue;
import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.Op;
import io.quiver.common.meta.TxnResult;
import io.quiver.common.meta.Watch;
import io.quiver.common.meta.WatchEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A meta store that forwards every call to another one; tests override {@link #txn} to interleave a
 * competing writer just before a compare-and-set. Closing it does not close the delegate.
 */
public class ForwardingMetaStore implements MetaStore {
    private final MetaStore delegate;

    public ForwardingMetaStore(MetaStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<KeyValue> get(String key) {
        return delegate.get(key);
    }

    @Override
    public List<KeyValue> range(String prefix) {
        return delegate.range(prefix);
    }

    @Override
    public long put(String key, byte[] value) {
        return delegate.put(key, value);
    }

    @Override
    public long put(String key, byte[] value, long leaseId) {
        return delegate.put(key, value, leaseId);
    }

    @Override
    public boolean delete(String key) {
        return delegate.delete(key);
    }

    @Override
    public int deletePrefix(String prefix) {
        return delegate.deletePrefix(prefix);
    }

    @Override
    public TxnResult txn(List<Compare> compares, List<Op> then, List<Op> otherwise) {
        return delegate.txn(compares, then, otherwise);
    }

    @Override
    public long revision() {
        return delegate.revision();
    }

    @Override
    public Watch watch(String prefix, long fromRevision, Consumer<WatchEvent> listener) {
        return delegate.watch(prefix, fromRevision, listener);
    }

    @Override
    public long grantLease(Duration ttl) {
        return delegate.grantLease(ttl);
    }

    @Override
    public boolean keepAlive(long leaseId) {
        return delegate.keepAlive(leaseId);
    }

    @Override
    public void revokeLease(long leaseId) {
        delegate.revokeLease(leaseId);
    }

    @Override
    public void close() {}
}
