package io.quiver.coordinator.internal;

import static io.quiver.coordinator.Catalog.DEFAULT_DATABASE;
import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.common.ErrorCode;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.SegmentInfo;
import io.quiver.wal.LogPosition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two processes' catalogs over one meta store, as a proxy and a node hold them in a cluster. */
class SharedCatalogTest extends CatalogTestSupport {
    private MetaStoreCatalog other;

    @BeforeEach
    void openOther() {
        other = reopen();
    }

    @AfterEach
    void closeOther() {
        other.close();
        catalog.close();
    }

    @Test
    void aCollectionCreatedByOneIsFoundByTheOtherAtOnce() {
        CollectionInfo created = create("docs", 2);

        assertThat(other.findCollection(DEFAULT_DATABASE, "docs")).contains(created);
        assertThat(other.findCollection(created.id())).contains(created);
        assertThat(other.collections(DEFAULT_DATABASE)).containsExactly(created);
    }

    @Test
    void changesReachTheOtherThroughTheWatch() {
        CollectionInfo created = create("docs", 1);
        assertThat(other.findCollection(created.id())).isPresent();

        catalog.createIndex(DEFAULT_DATABASE, "docs", "vec", "", HNSW, Map.of());
        catalog.setLoaded(created.id(), true);

        awaitTrue(() -> other.indexes(created.id()).size() == 1);
        awaitTrue(() -> other.findCollection(created.id()).orElseThrow().loaded());
        catalog.dropCollection(DEFAULT_DATABASE, "docs");
        awaitTrue(() -> other.findCollection(created.id()).isEmpty());
        assertThat(other.indexes(created.id())).isEmpty();
    }

    @Test
    void aCommitByOneWriteNodeMovesTheOthersCheckpointAndAStaleCommitConflicts() {
        CollectionInfo created = create("docs", 1);
        other.findCollection(created.id()).orElseThrow();
        SegmentInfo first =
                segment(11, created, created.partitions().get(0).id(), 0, LogPosition.BEGINNING, position(5));

        other.commitRange(created.id(), 0, LogPosition.BEGINNING, position(5), List.of(first));
        awaitTrue(() -> catalog.checkpoint(created.id(), 0).equals(position(5)));
        assertThat(catalog.segments(created.id())).containsExactly(first);

        // a write node that has not seen the commit must not overwrite it
        MetaStoreCatalog stale = reopen();
        stale.close(); // stops following: its view stays as loaded
        other.commitRange(
                created.id(),
                0,
                position(5),
                position(9),
                List.of(segment(12, created, created.partitions().get(0).id(), 0, position(5), position(9))));
        assertError(
                () -> stale.commitRange(
                        created.id(),
                        0,
                        position(5),
                        position(8),
                        List.of(segment(13, created, created.partitions().get(0).id(), 0, position(5), position(8)))),
                ErrorCode.CONFLICT,
                "changed by another process");

        stale.refresh();
        assertThat(stale.checkpoint(created.id(), 0)).isEqualTo(position(9));
    }

    @Test
    void aDropSeenOnlyThroughRefreshIsApplied() {
        CollectionInfo created = create("docs", 1);
        MetaStoreCatalog stale = reopen();
        stale.close();
        catalog.dropCollection(DEFAULT_DATABASE, "docs");

        assertThat(stale.findCollection(created.id())).isPresent();
        stale.refresh();
        assertThat(stale.findCollection(created.id())).isEmpty();
    }

    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.onSpinWait();
        }
    }
}
