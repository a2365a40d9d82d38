package io.quiver.coordinator.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.meta.Compare;
import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.Op;
import io.quiver.coordinator.internal.ChannelLayout;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The physical channel layout every process of a cluster must share (collections map their shards onto
 * it). The first process to start stores its configured layout under {@code cluster/layout}; every later
 * process uses the stored one, whatever its own configuration says, and warns if they differ.
 */
public final class ClusterLayout {
    static final String KEY = "cluster/layout";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterLayout.class);

    private ClusterLayout() {}

    public static ChannelLayout agree(MetaStore metaStore, ChannelLayout configured) {
        byte[] proposed = (configured.physicalChannels() + " " + configured.prefix()).getBytes(UTF_8);
        metaStore.txn(List.of(Compare.absent(KEY)), List.of(Op.put(KEY, proposed)), List.of());
        String stored = metaStore
                .get(KEY)
                .map(kv -> new String(kv.value(), UTF_8))
                .orElseThrow(() -> new QuiverException(ErrorCode.UNAVAILABLE, "channel layout vanished; retry"));
        int space = stored.indexOf(' ');
        ChannelLayout layout =
                new ChannelLayout(stored.substring(space + 1), Integer.parseInt(stored.substring(0, space)));
        if (!layout.equals(configured)) {
            LOG.warn(
                    "configured channel layout {} differs from the cluster's {}; using the cluster's",
                    configured,
                    layout);
        }
        return layout;
    }
}
