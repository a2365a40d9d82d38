package io.quiver.writenode;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.coordinator.Catalog;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.node.WriteNodeService;
import io.quiver.storage.ObjectStore;
import io.quiver.wal.WriteAheadLog;
import io.quiver.writenode.internal.WriteNodeChannels;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;

/** The write node role: turns the log into sealed segments and index files in object storage. */
public final class WriteNode implements WriteNodeService, AutoCloseable {
    private final Catalog catalog;
    private final WriteNodeChannels channels;
    private final Duration flushTimeout;

    /**
     * @param channels the physical channels this node consumes
     * @param executor runs index builds; owned by the caller
     */
    public WriteNode(
            WriteAheadLog log,
            ObjectStore store,
            Catalog catalog,
            List<String> channels,
            WriteNodeConfig config,
            ExecutorService executor) {
        this.catalog = catalog;
        this.channels = new WriteNodeChannels(log, store, catalog, channels, config, executor);
        this.flushTimeout = Duration.ofMinutes(2);
    }

    public void start() {
        channels.start();
    }

    /** Consumes exactly these physical channels from now on (cluster: as the leader assigns them). */
    public void assign(java.util.Set<String> physicalChannels) {
        channels.assign(physicalChannels);
    }

    /** The physical channels this node consumes now. */
    public java.util.Set<String> channels() {
        return channels.channels();
    }

    @Override
    public void flush(long collectionId, long timestamp) {
        CollectionInfo collection = catalog.findCollection(collectionId)
                .orElseThrow(() -> new QuiverException(
                        ErrorCode.COLLECTION_NOT_FOUND, "collection " + collectionId + " does not exist"));
        channels.flush(collection, timestamp, flushTimeout);
    }

    @Override
    public void close() {
        channels.close();
    }
}
