package io.quiver.proxy;

import io.quiver.coordinator.Coordinator;
import io.quiver.proxy.internal.AdminHandler;
import io.quiver.proxy.internal.DdlHandler;
import io.quiver.proxy.internal.DmlHandler;
import io.quiver.proxy.internal.IndexHandler;
import io.quiver.proxy.internal.LoadHandler;
import io.quiver.proxy.internal.SearchHandler;
import io.quiver.proxy.internal.WriteStamper;
import io.quiver.wal.WriteAheadLog;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

/**
 * The proxy role: the Milvus API front end. It registers with the coordinator as a writer before it
 * serves, so time ticks never pass a write it has not yet made durable.
 */
public final class Proxy implements AutoCloseable {
    /** How long a write waits for a lapsed write lease to be renewed (a leader failover) before failing. */
    static final Duration WRITE_LEASE_WAIT = Duration.ofSeconds(5);

    private final Coordinator coordinator;
    private final WriteStamper stamper;
    private final MilvusService service;

    /**
     * @param executor runs scatter/gather of multi-shard reads; owned by the caller
     * @param readTimeout how long a read waits for shards to reach its consistency timestamp, and the
     *     longest a load call waits for the collection to serve reads
     */
    public Proxy(
            Coordinator coordinator,
            WriteAheadLog log,
            ExecutorService executor,
            Duration readTimeout,
            String deployMode) {
        this.coordinator = coordinator;
        this.stamper = new WriteStamper(coordinator.timestampOracle(), log, this::holdsWriteLease, WRITE_LEASE_WAIT);
        SearchHandler reads = new SearchHandler(coordinator, executor, readTimeout);
        this.service = new MilvusService(
                new AdminHandler(coordinator, deployMode),
                new DdlHandler(coordinator, reads),
                new IndexHandler(coordinator),
                new LoadHandler(coordinator, readTimeout),
                new DmlHandler(coordinator, stamper, reads),
                reads);
    }

    private boolean holdsWriteLease() {
        return coordinator.holdsWriteLease(stamper);
    }

    public void start() {
        coordinator.registerWriter(stamper);
    }

    /** The gRPC service to bind into a server. */
    public MilvusService service() {
        return service;
    }

    @Override
    public void close() {
        coordinator.unregisterWriter(stamper);
    }
}
