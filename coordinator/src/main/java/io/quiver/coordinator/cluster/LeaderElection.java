package io.quiver.coordinator.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.meta.Compare;
import io.quiver.common.meta.KeyValue;
import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.Op;
import io.quiver.common.meta.TxnResult;
import io.quiver.coordinator.NodeAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coordinator leader election on the meta store: the leader is whoever created {@code cluster/leader}
 * (attached to its session's lease); standbys retry when that key disappears, which happens when the
 * leader's lease ends. The revision at which this node won guards every placement write it makes, so a
 * deposed leader's late writes fail instead of overwriting its successor's. {@link #confirm} tells
 * whether this node surely still leads, for what cannot be guarded by the meta store (handing out
 * timestamps, acknowledging writers).
 */
public final class LeaderElection {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

    private final MetaStore metaStore;
    private final NodeSession session;
    private volatile long wonAtRevision;

    public LeaderElection(MetaStore metaStore, NodeSession session) {
        this.metaStore = metaStore;
        this.session = session;
    }

    /** Blocks until this node leads; {@code retry} is how often a standby checks the leader key. */
    public void awaitLeadership(Duration retry) throws InterruptedException {
        byte[] me = encode(session.address());
        boolean announced = false;
        while (true) {
            TxnResult result = metaStore.txn(
                    List.of(Compare.absent(ClusterKeys.LEADER)),
                    List.of(Op.put(ClusterKeys.LEADER, me, session.leaseId())),
                    List.of());
            if (result.succeeded()) {
                wonAtRevision = result.revision();
                LOG.info("coordinator {} is the leader (revision {})", session.address(), wonAtRevision);
                return;
            }
            if (!announced) {
                LOG.info(
                        "coordinator {} is a standby; the leader is {}",
                        session.address(),
                        currentLeader(metaStore).map(NodeAddress::toString).orElse("changing"));
                announced = true;
            }
            Thread.sleep(retry.toMillis());
        }
    }

    /** The guard that holds only while this node's leadership (its leader key) is unchanged. */
    public Compare guard() {
        if (wonAtRevision == 0) {
            throw new IllegalStateException("not the leader");
        }
        return Compare.unchangedSince(ClusterKeys.LEADER, wonAtRevision);
    }

    /**
     * Returns if this node surely still leads: it won and its session lease cannot have expired, so no
     * successor can have been elected. Otherwise fails with UNAVAILABLE (callers retry on the leader).
     */
    public void confirm() {
        if (wonAtRevision == 0 || !session.surelyAlive()) {
            throw new QuiverException(
                    ErrorCode.UNAVAILABLE,
                    "coordinator " + session.address().nodeId() + " cannot be sure it still leads (its session"
                            + " was last renewed " + session.millisSinceRenewal() + " ms ago); retry on the"
                            + " leader");
        }
    }

    /** The current leader, if there is one. */
    public static Optional<NodeAddress> currentLeader(MetaStore metaStore) {
        return metaStore.get(ClusterKeys.LEADER).map(LeaderElection::decode);
    }

    static byte[] encode(NodeAddress address) {
        return (address.nodeId() + " " + address.target()).getBytes(UTF_8);
    }

    static NodeAddress decode(KeyValue kv) {
        return decode(kv.value());
    }

    static NodeAddress decode(byte[] value) {
        String text = new String(value, UTF_8);
        int space = text.indexOf(' ');
        return NodeSession.decode(
                text.substring(0, space), text.substring(space + 1).getBytes(UTF_8));
    }
}
