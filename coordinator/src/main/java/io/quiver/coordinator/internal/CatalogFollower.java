package io.quiver.coordinator.internal;

import io.quiver.common.meta.KeyValue;
import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.Watch;
import io.quiver.common.meta.WatchEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link MetaStoreCatalog} in step with changes other processes make: a watch on the catalog
 * prefix applies them as they happen, and {@link #refresh} re-reads the meta store where a caller must
 * not act on a view that is even milliseconds old (a lookup that missed, a write node taking over a
 * shard). Both paths go through {@link MetaStoreCatalog#apply}, which applies each change once.
 */
final class CatalogFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogFollower.class);

    private final MetaStore metaStore;
    private final MetaStoreCatalog catalog;
    private volatile Watch watch;

    private CatalogFollower(MetaStore metaStore, MetaStoreCatalog catalog) {
        this.metaStore = metaStore;
        this.catalog = catalog;
    }

    /** Follows every catalog change after {@code revision} (the revision the catalog was loaded at). */
    static CatalogFollower start(MetaStore metaStore, MetaStoreCatalog catalog, long revision) {
        CatalogFollower follower = new CatalogFollower(metaStore, catalog);
        follower.watch = metaStore.watch(MetaStoreCatalog.PREFIX, revision, follower::onEvent);
        return follower;
    }

    private void onEvent(WatchEvent event) {
        if (event.type() == WatchEvent.Type.COMPACTED) {
            resume();
            return;
        }
        try {
            catalog.apply(event.key(), event.value(), event.revision(), event.type() == WatchEvent.Type.DELETE);
        } catch (RuntimeException e) {
            LOG.warn(
                    "cannot apply catalog change of {} at revision {}: {}",
                    event.key(),
                    event.revision(),
                    e.toString());
        }
    }

    /** The meta store compacted history the watch had not delivered: re-read everything and watch again. */
    private void resume() {
        LOG.warn("catalog watch lost history to compaction; re-reading the catalog");
        long revision = metaStore.revision();
        refresh();
        watch = metaStore.watch(MetaStoreCatalog.PREFIX, revision, this::onEvent);
    }

    /** Re-reads the whole catalog. */
    void refresh() {
        refreshPrefix(MetaStoreCatalog.PREFIX);
    }

    /** Re-reads the collections (not their segments). */
    void refreshCollections() {
        refreshPrefix(MetaStoreCatalog.COLLECTION_PREFIX);
    }

    /** Re-reads one key. */
    void refreshKey(String key) {
        long revision = metaStore.revision();
        metaStore
                .get(key)
                .ifPresentOrElse(
                        kv -> catalog.apply(kv.key(), kv.value(), kv.modRevision(), false),
                        () -> catalog.apply(key, new byte[0], revision, true));
    }

    private void refreshPrefix(String prefix) {
        long revision = metaStore.revision();
        List<KeyValue> current = metaStore.range(prefix);
        Set<String> present = new HashSet<>();
        for (KeyValue kv : current) {
            present.add(kv.key());
            catalog.apply(kv.key(), kv.value(), kv.modRevision(), false);
        }
        for (String key : catalog.knownKeys(prefix)) {
            if (!present.contains(key)) {
                catalog.apply(key, new byte[0], revision, true);
            }
        }
    }

    @Override
    public void close() {
        Watch running = watch;
        if (running != null) {
            running.close();
        }
    }
}
