package io.quiver.writenode;

import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.embedded.EmbeddedMetaStore;
import io.quiver.coordinator.Catalog;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.ConsistencyLevel;
import io.quiver.coordinator.SegmentInfo;
import io.quiver.coordinator.internal.ChannelLayout;
import io.quiver.coordinator.internal.MetaStoreCatalog;
import io.quiver.coordinator.internal.MetaStoreIdAllocator;
import io.quiver.coordinator.internal.PersistentTimestampOracle;
import io.quiver.storage.InMemoryObjectStore;
import io.quiver.storage.ObjectInfo;
import io.quiver.wal.local.LocalWalConfig;
import io.quiver.wal.local.LocalWriteAheadLog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Real embedded backends for write node tests: an embedded meta store with the coordinator's catalog, a
 * local write-ahead log, and an in-memory object store. Closes every write node it started.
 */
final class WriteNodeEnvironment implements AutoCloseable {
    static final WriteNodeConfig CONFIG =
            new WriteNodeConfig(512L << 20, Duration.ofMinutes(10), Duration.ofMillis(20));

    final ChannelLayout layout;
    final MetaStore metaStore;
    final LocalWriteAheadLog log;
    final InMemoryObjectStore store = new InMemoryObjectStore();
    final MetaStoreIdAllocator ids;
    final PersistentTimestampOracle tso;
    final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final List<WriteNode> nodes = new ArrayList<>();
    Catalog catalog;

    WriteNodeEnvironment(Path directory, int physicalChannels) {
        this.layout = new ChannelLayout("dml", physicalChannels);
        this.metaStore = EmbeddedMetaStore.open(directory.resolve("meta"), Clock.systemUTC());
        this.log = LocalWriteAheadLog.open(LocalWalConfig.defaults(directory.resolve("wal")));
        this.ids = new MetaStoreIdAllocator(metaStore);
        this.tso = PersistentTimestampOracle.open(metaStore, Clock.systemUTC());
        this.catalog = reopenCatalog();
    }

    /** A fresh catalog instance loaded from the meta store, as after a coordinator restart. */
    MetaStoreCatalog reopenCatalog() {
        return MetaStoreCatalog.open(metaStore, ids, tso, layout);
    }

    CollectionInfo createCollection(String name, int shards) {
        return catalog.createCollection(
                Catalog.DEFAULT_DATABASE, ShardWrites.schema(name), shards, ConsistencyLevel.STRONG, Map.of(), false);
    }

    /** Starts a write node over every physical channel, on {@link #catalog} unless one is given. */
    WriteNode startNode(WriteNodeConfig config) {
        return startNode(catalog, config);
    }

    WriteNode startNode(Catalog nodeCatalog, WriteNodeConfig config) {
        WriteNode node = new WriteNode(log, store, nodeCatalog, layout.all(), config, executor);
        nodes.add(node);
        node.start();
        return node;
    }

    List<String> objectKeys() {
        return store.list("").stream().map(ObjectInfo::key).toList();
    }

    List<SegmentInfo> segments(CollectionInfo collection) {
        return catalog.segments(collection.id());
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        nodes.forEach(WriteNode::close);
        executor.shutdownNow();
        log.close();
        metaStore.close();
    }
}
