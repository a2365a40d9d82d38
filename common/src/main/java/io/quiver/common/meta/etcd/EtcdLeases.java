package io.quiver.common.meta.etcd;

import io.etcd.jetcd.Lease;
import io.grpc.Status;
import io.quiver.common.QuiverException;
import java.time.Duration;

/** The lease calls of an {@link EtcdMetaStore}. */
final class EtcdLeases {
    private final Lease client;
    private final EtcdCalls calls;

    EtcdLeases(Lease client, EtcdCalls calls) {
        this.client = client;
        this.calls = calls;
    }

    /** Grants a lease of {@code ttl} rounded up to whole seconds; returns its id. */
    long grant(Duration ttl) {
        long seconds = ttl.plusNanos(999_999_999).getSeconds();
        return calls.await(client.grant(seconds), "grant of a " + seconds + " s lease")
                .getID();
    }

    /** Renews the lease once; false if etcd no longer has it. */
    boolean keepAlive(long leaseId) {
        try {
            return calls.await(client.keepAliveOnce(leaseId), "keep-alive of lease " + leaseId)
                            .getTTL()
                    > 0;
        } catch (QuiverException e) {
            if (EtcdCalls.statusOf(e).getCode() == Status.Code.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** Revokes the lease, which deletes its keys; does nothing if etcd no longer has it. */
    void revoke(long leaseId) {
        try {
            calls.await(client.revoke(leaseId), "revoke of lease " + leaseId);
        } catch (QuiverException e) {
            if (EtcdCalls.statusOf(e).getCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
        }
    }
}
