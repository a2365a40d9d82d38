package io.quiver.coordinator;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.meta.MetaStore;
import io.quiver.coordinator.internal.ChannelLayout;
import io.quiver.coordinator.internal.LogRetention;
import io.quiver.coordinator.internal.MetaStoreCatalog;
import io.quiver.coordinator.internal.MetaStoreIdAllocator;
import io.quiver.coordinator.internal.PersistentTimestampOracle;
import io.quiver.coordinator.internal.TimeTickPublisher;
import io.quiver.coordinator.node.QueryNodeService;
import io.quiver.coordinator.node.WriteNodeService;
import io.quiver.wal.WriteAheadLog;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator role: timestamp oracle, id allocation, catalog, time ticks, and the assignment of
 * shards to the query node and write node attached to it.
 */
public final class CoordinatorNode implements Coordinator, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorNode.class);

    private final TimestampOracle tso;
    private final IdAllocator ids;
    private final MetaStoreCatalog catalog;
    private final ChannelLayout layout;
    private final TimeTickPublisher ticks;
    private final LogRetention retention;
    private final java.util.concurrent.ScheduledExecutorService housekeeping =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "coordinator-log-retention");
                thread.setDaemon(true);
                return thread;
            });
    private volatile Placement placement;

    private CoordinatorNode(
            MetaStore metaStore,
            WriteAheadLog log,
            CoordinatorConfig config,
            Clock clock,
            java.util.List<io.quiver.common.meta.Compare> leaderGuards) {
        this.tso = PersistentTimestampOracle.open(metaStore, clock, leaderGuards);
        this.ids = new MetaStoreIdAllocator(metaStore);
        this.layout = new ChannelLayout(config.channelPrefix(), config.physicalChannels());
        this.catalog = MetaStoreCatalog.open(metaStore, ids, tso, layout);
        this.ticks = new TimeTickPublisher(log, tso, layout.all(), config.tickInterval(), clock);
        this.retention = new LogRetention(log, catalog, layout.all(), LogRetention.DEFAULT_LAG, clock);
    }

    /** Opens the coordinator on its meta store; {@link #start} begins ticking. */
    public static CoordinatorNode open(MetaStore metaStore, WriteAheadLog log, CoordinatorConfig config, Clock clock) {
        return new CoordinatorNode(metaStore, log, config, clock, java.util.List.of());
    }

    /**
     * Opens the coordinator of a cluster: the timestamp oracle persists its bounds only while
     * {@code leaderGuards} hold (this node's leadership), so a deposed leader stops handing out timestamps.
     */
    public static CoordinatorNode openAsLeader(
            MetaStore metaStore,
            WriteAheadLog log,
            CoordinatorConfig config,
            Clock clock,
            java.util.List<io.quiver.common.meta.Compare> leaderGuards) {
        return new CoordinatorNode(metaStore, log, config, clock, leaderGuards);
    }

    public List<String> physicalChannels() {
        return layout.all();
    }

    /** Standalone: one query node and one write node serve everything. */
    public void attach(QueryNodeService queryNode, WriteNodeService writeNode) {
        attach(Placement.local(queryNode, writeNode));
    }

    /** Where shards are served and channels flushed. */
    public void attach(Placement placement) {
        this.placement = placement;
    }

    /** Starts time ticks and reloads every collection that was loaded before a restart. */
    public void start() {
        ticks.start();
        long every = LogRetention.INTERVAL.toMillis();
        housekeeping.scheduleWithFixedDelay(
                this::releaseFlushedLog, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
        for (CollectionInfo collection : catalog.collections(Catalog.DEFAULT_DATABASE)) {
            if (collection.loaded()) {
                LOG.info("reloading collection {} ('{}') after restart", collection.id(), collection.name());
                loadCollection(collection);
            }
        }
    }

    @Override
    public TimestampOracle timestampOracle() {
        return tso;
    }

    @Override
    public IdAllocator idAllocator() {
        return ids;
    }

    @Override
    public Catalog catalog() {
        return catalog;
    }

    @Override
    public void registerWriter(TickSource writer) {
        ticks.register(writer);
    }

    @Override
    public void unregisterWriter(TickSource writer) {
        ticks.unregister(writer);
    }

    @Override
    public void requestTick() {
        ticks.requestTick();
    }

    /**
     * A registered writer's safe timestamp advanced (a remote writer reported): a requested tick that is
     * still pending is retried now rather than at the next interval.
     */
    public void writersAdvanced() {
        ticks.writersAdvanced();
    }

    @Override
    public void loadCollection(CollectionInfo collection) {
        catalog.setLoaded(collection.id(), true);
        placement().load(catalog.findCollection(collection.id()).orElseThrow());
    }

    @Override
    public void releaseCollection(CollectionInfo collection) {
        if (catalog.findCollection(collection.id()).isPresent()) {
            catalog.setLoaded(collection.id(), false);
        }
        placement().release(collection);
    }

    @Override
    public int loadProgress(CollectionInfo collection) {
        return placement().loadProgress(collection);
    }

    @Override
    public QueryNodeService queryNode(long collectionId, int shard) {
        return placement().queryNode(collectionId, shard);
    }

    @Override
    public void flush(CollectionInfo collection) {
        long timestamp = tso.allocate();
        ticks.tick();
        placement().flush(collection, timestamp);
    }

    private Placement placement() {
        Placement current = placement;
        if (current == null) {
            throw new QuiverException(ErrorCode.UNAVAILABLE, "no query node or write node is attached yet");
        }
        return current;
    }

    private void releaseFlushedLog() {
        try {
            retention.run();
        } catch (RuntimeException e) {
            LOG.warn(
                    "releasing flushed log ranges failed; retrying in {} s: {}",
                    LogRetention.INTERVAL.toSeconds(),
                    e.toString());
        }
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        ticks.close();
        catalog.close();
    }
}
