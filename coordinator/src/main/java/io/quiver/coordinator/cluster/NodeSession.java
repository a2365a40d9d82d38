package io.quiver.coordinator.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.meta.Compare;
import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.Op;
import io.quiver.coordinator.NodeAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's membership in the cluster: its address under {@code cluster/session/{role}/{nodeId}},
 * attached to a lease that a named thread keeps alive. When the meta store answers that the lease has
 * expired (the node was paused or cut off longer than the ttl while the store was up), the cluster has
 * already moved the node's work elsewhere, so the session calls {@code onLost} once; roles stop the
 * process then, as Milvus nodes do, and a supervisor starts a fresh one. While the meta store is
 * unreachable the session keeps trying: a restarted etcd extends its leases, so an etcd outage does not
 * stop every node of the cluster.
 *
 * <p>{@link #surelyAlive} is stricter: true only while the lease cannot have expired yet, that is, less
 * than the ttl since a renewal that succeeded was sent (the store starts counting no earlier). A leader
 * acts only while that holds, so it never acts after its successor may have been elected.
 */
public final class NodeSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeSession.class);

    private final MetaStore metaStore;
    private final NodeRole role;
    private final NodeAddress address;
    private final Duration ttl;
    private final Clock clock;
    private final Runnable onLost;
    private final long leaseId;
    private volatile long renewalSentNanos;
    private volatile boolean running = true;
    private Thread keeper;

    private NodeSession(
            MetaStore metaStore,
            NodeRole role,
            NodeAddress address,
            Duration ttl,
            Clock clock,
            Runnable onLost,
            long leaseId,
            long grantSentNanos) {
        this.renewalSentNanos = grantSentNanos;
        this.metaStore = metaStore;
        this.role = role;
        this.address = address;
        this.ttl = ttl;
        this.clock = clock;
        this.onLost = onLost;
        this.leaseId = leaseId;
    }

    /**
     * Registers the node. Fails with CONFLICT if a live session already holds the same node id (two
     * processes started with one id).
     */
    public static NodeSession register(
            MetaStore metaStore, NodeRole role, NodeAddress address, Duration ttl, Clock clock, Runnable onLost) {
        long grantSent = System.nanoTime();
        long lease = metaStore.grantLease(ttl);
        String key = ClusterKeys.session(role, address.nodeId());
        boolean created = metaStore
                .txn(List.of(Compare.absent(key)), List.of(Op.put(key, encode(address), lease)), List.of())
                .succeeded();
        if (!created) {
            metaStore.revokeLease(lease);
            throw new QuiverException(
                    ErrorCode.CONFLICT,
                    "another " + role.key() + " is already registered as '" + address.nodeId()
                            + "'; give each node its own id or wait " + ttl.toSeconds()
                            + " s for the old session to expire");
        }
        NodeSession session = new NodeSession(metaStore, role, address, ttl, clock, onLost, lease, grantSent);
        session.startKeeper();
        LOG.info("{} {} registered (lease {}, ttl {} s)", role.key(), address, lease, ttl.toSeconds());
        return session;
    }

    /** True while the lease cannot have expired: less than the ttl since a successful renewal was sent. */
    public boolean surelyAlive() {
        return running && System.nanoTime() - renewalSentNanos < ttl.toNanos();
    }

    /** Milliseconds since the newest successful renewal (or the grant) was sent. */
    public long millisSinceRenewal() {
        return (System.nanoTime() - renewalSentNanos) / 1_000_000;
    }

    public long leaseId() {
        return leaseId;
    }

    public NodeAddress address() {
        return address;
    }

    public NodeRole role() {
        return role;
    }

    static byte[] encode(NodeAddress address) {
        return address.target().getBytes(UTF_8);
    }

    /** The address stored under a session key. */
    static NodeAddress decode(String nodeId, byte[] value) {
        String target = new String(value, UTF_8);
        int colon = target.lastIndexOf(':');
        if (colon <= 0) {
            throw new QuiverException(
                    ErrorCode.CORRUPT_DATA, "session of '" + nodeId + "' has no host:port: " + target);
        }
        return new NodeAddress(nodeId, target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
    }

    private void startKeeper() {
        keeper = new Thread(this::keepAlive, "session-" + role.key() + "-" + address.nodeId());
        keeper.setDaemon(true);
        keeper.start();
    }

    private void keepAlive() {
        long intervalMillis = Math.max(100, ttl.toMillis() / 3);
        long retryMillis = Math.min(intervalMillis, 200);
        Instant renewed = clock.instant();
        boolean failing = false;
        while (running) {
            try {
                Thread.sleep(failing ? retryMillis : intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
            if (!running) {
                return;
            }
            boolean alive;
            long sent = System.nanoTime();
            try {
                alive = metaStore.keepAlive(leaseId);
            } catch (RuntimeException e) {
                failing = true;
                // the meta store is unreachable: it cannot have moved our work while unreachable for
                // everyone, and a restarted etcd extends its leases, so only a definite "expired" ends us
                if (clock.instant().isAfter(renewed.plus(ttl))) {
                    LOG.warn(
                            "{} {}: lease {} not renewed for {} s: {}",
                            role.key(),
                            address,
                            leaseId,
                            ttl.toSeconds(),
                            e.toString());
                }
                continue;
            }
            if (!alive) {
                LOG.error(
                        "{} {}: session lease {} expired; the cluster has moved this node's work",
                        role.key(),
                        address,
                        leaseId);
                running = false;
                onLost.run();
                return;
            }
            renewed = clock.instant();
            renewalSentNanos = sent;
            failing = false;
        }
    }

    /** Ends the session now: the node's key disappears and its work moves at once. */
    @Override
    public void close() {
        running = false;
        if (keeper != null) {
            keeper.interrupt();
        }
        try {
            metaStore.revokeLease(leaseId);
        } catch (RuntimeException e) {
            LOG.warn("{} {}: cannot revoke lease {} (it will expire): {}", role.key(), address, leaseId, e.toString());
        }
    }
}
