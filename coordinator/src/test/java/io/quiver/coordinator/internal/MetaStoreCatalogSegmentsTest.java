package io.quiver.coordinator.internal;

import static io.quiver.coordinator.Catalog.DEFAULT_DATABASE;
import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.common.ErrorCode;
import io.quiver.common.meta.embedded.EmbeddedMetaStore;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.DataType;
import io.quiver.common.schema.FieldSchema;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.ConsistencyLevel;
import io.quiver.coordinator.IndexInfo;
import io.quiver.coordinator.PartitionInfo;
import io.quiver.coordinator.SegmentInfo;
import io.quiver.wal.LogPosition;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Segments, checkpoints, reloading, and a deposed coordinator's stale catalog. */
class MetaStoreCatalogSegmentsTest extends CatalogTestSupport {
    // ---------------------------------------------------------------- segments

    @Test
    void commitRangeMovesTheCheckpointAndRecordsTheSegments() {
        CollectionInfo docs = create("docs", 2);
        SegmentInfo rows = segment(10, docs, docs.defaultPartition().id(), 1, LogPosition.BEGINNING, position(4));
        SegmentInfo tombstones = segment(11, docs, SegmentInfo.ALL_PARTITIONS, 1, LogPosition.BEGINNING, position(4));
        assertThat(catalog.checkpoint(docs.id(), 1)).isEqualTo(LogPosition.BEGINNING);

        catalog.commitRange(docs.id(), 1, LogPosition.BEGINNING, position(4), List.of(rows, tombstones));

        assertThat(catalog.checkpoint(docs.id(), 1)).isEqualTo(position(4));
        assertThat(catalog.checkpoint(docs.id(), 0)).isEqualTo(LogPosition.BEGINNING);
        assertThat(catalog.segments(docs.id())).containsExactly(tombstones, rows);
    }

    @Test
    void segmentsAreListedByRangeEndThenPartition() {
        CollectionInfo docs = create("docs", 1);
        long partition = docs.defaultPartition().id();
        SegmentInfo late = segment(1, docs, partition, 0, position(2), position(3));
        SegmentInfo early = segment(999, docs, partition, 0, LogPosition.BEGINNING, position(2));
        catalog.commitRange(docs.id(), 0, LogPosition.BEGINNING, position(2), List.of(early));
        catalog.commitRange(docs.id(), 0, position(2), position(3), List.of(late));

        assertThat(catalog.segments(docs.id())).containsExactly(early, late);
    }

    @Test
    void retriedIdenticalCommitIsAccepted() {
        CollectionInfo docs = create("docs", 1);
        SegmentInfo segment = segment(10, docs, docs.defaultPartition().id(), 0, LogPosition.BEGINNING, position(4));
        catalog.commitRange(docs.id(), 0, LogPosition.BEGINNING, position(4), List.of(segment));
        long revision = metaStore.revision();

        catalog.commitRange(docs.id(), 0, LogPosition.BEGINNING, position(4), List.of(segment));

        assertThat(catalog.segments(docs.id())).containsExactly(segment);
        assertThat(catalog.checkpoint(docs.id(), 0)).isEqualTo(position(4));
        assertThat(metaStore.revision()).isEqualTo(revision);
    }

    @Test
    void commitFromAStaleExpectedPositionFailsWithConflict() {
        CollectionInfo docs = create("docs", 1);
        long partition = docs.defaultPartition().id();
        catalog.commitRange(
                docs.id(),
                0,
                LogPosition.BEGINNING,
                position(4),
                List.of(segment(10, docs, partition, 0, LogPosition.BEGINNING, position(4))));

        assertError(
                () -> catalog.commitRange(
                        docs.id(),
                        0,
                        LogPosition.BEGINNING,
                        position(6),
                        List.of(segment(11, docs, partition, 0, LogPosition.BEGINNING, position(6)))),
                ErrorCode.CONFLICT,
                "shard 0",
                "collection " + docs.id());

        assertThat(catalog.checkpoint(docs.id(), 0)).isEqualTo(position(4));
        assertThat(catalog.segments(docs.id())).extracting(SegmentInfo::id).containsExactly(10L);
        catalog.commitRange(
                docs.id(),
                0,
                position(4),
                position(6),
                List.of(segment(12, docs, partition, 0, position(4), position(6))));
        assertThat(catalog.segments(docs.id())).extracting(SegmentInfo::id).containsExactly(10L, 12L);
    }

    @Test
    void commitRangeWithoutSegmentsOnlyMovesTheCheckpoint() {
        CollectionInfo docs = create("docs", 1);

        catalog.commitRange(docs.id(), 0, LogPosition.BEGINNING, position(9), List.of());

        assertThat(catalog.checkpoint(docs.id(), 0)).isEqualTo(position(9));
        assertThat(catalog.segments(docs.id())).isEmpty();
    }

    @Test
    void commitRangeOfAnUnknownCollectionFails() {
        assertError(
                () -> catalog.commitRange(4242, 0, LogPosition.BEGINNING, position(1), List.of()),
                ErrorCode.COLLECTION_NOT_FOUND,
                "4242");
    }

    @Test
    void commitIndexFileRecordsTheFileOnTheSegment() {
        CollectionInfo docs = create("docs", 1);
        IndexInfo index = catalog.createIndex(DEFAULT_DATABASE, "docs", "vec", "vec_index", HNSW, Map.of());
        SegmentInfo segment = segment(10, docs, docs.defaultPartition().id(), 0, LogPosition.BEGINNING, position(4));
        catalog.commitRange(docs.id(), 0, LogPosition.BEGINNING, position(4), List.of(segment));

        catalog.commitIndexFile(docs.id(), 10, index.id(), "index/x/10/hnsw.idx");

        assertThat(catalog.segments(docs.id()))
                .containsExactly(segment.withIndexFile(index.id(), "index/x/10/hnsw.idx"));
        assertThat(reopen().segments(docs.id()).getFirst().indexFiles())
                .isEqualTo(Map.of(index.id(), "index/x/10/hnsw.idx"));
        assertError(
                () -> catalog.commitIndexFile(docs.id(), 11, index.id(), "k"),
                ErrorCode.NOT_FOUND,
                "segment 11",
                "collection " + docs.id());
    }

    // ---------------------------------------------------------------- persistence

    @Test
    void everythingReloadsIdenticallyAfterReopening() {
        CollectionInfo docs = create("docs", 3);
        create("other", 1);
        PartitionInfo p1 = catalog.createPartition(DEFAULT_DATABASE, "docs", "p1");
        IndexInfo index = catalog.createIndex(DEFAULT_DATABASE, "docs", "vec", "vec_index", HNSW, Map.of("M", "16"));
        catalog.commitRange(
                docs.id(),
                2,
                LogPosition.BEGINNING,
                position(7),
                List.of(
                        segment(5, docs, p1.id(), 2, LogPosition.BEGINNING, position(7)),
                        segment(6, docs, SegmentInfo.ALL_PARTITIONS, 2, LogPosition.BEGINNING, position(7))));
        catalog.commitIndexFile(docs.id(), 5, index.id(), "index/5");
        catalog.setLoaded(docs.id(), true);

        List<Object> expected = view(catalog, docs);
        assertThat(view(reopen(), docs)).isEqualTo(expected);
        metaStore.close();
        metaStore = EmbeddedMetaStore.open(directory, Clock.systemUTC());
        MetaStoreCatalog restartedStore = reopen();
        assertThat(view(restartedStore, docs)).isEqualTo(expected);
        assertThat(restartedStore.checkpoint(docs.id(), 2)).isEqualTo(position(7));
    }

    private List<Object> view(MetaStoreCatalog view, CollectionInfo docs) {
        List<Object> state = new java.util.ArrayList<>();
        state.add(view.collections(DEFAULT_DATABASE));
        state.add(view.indexes(docs.id()));
        state.add(view.segments(docs.id()));
        for (int shard = 0; shard < 3; shard++) {
            state.add(view.checkpoint(docs.id(), shard));
        }
        return state;
    }

    @Test
    void reloadKeepsFieldIdsThatAreNotNumberedFromOneHundred() {
        CollectionSchema schema = new CollectionSchema(
                "odd",
                "ids chosen by the caller",
                List.of(
                        new FieldSchema(7, "vec", DataType.FLOAT_VECTOR, false, false, 4, 0, "the vector"),
                        new FieldSchema(3, "pk", DataType.VARCHAR, true, false, 0, 16, ""),
                        new FieldSchema(250, "n", DataType.INT32, false, false, 0, 0, "")));
        CollectionInfo created =
                catalog.createCollection(DEFAULT_DATABASE, schema, 1, ConsistencyLevel.STRONG, Map.of(), false);

        MetaStoreCatalog reloaded = reopen();

        assertThat(reloaded.findCollection(created.id()).orElseThrow().schema()).isEqualTo(schema);
        assertThat(reloaded.createCollection(DEFAULT_DATABASE, schema, 1, ConsistencyLevel.STRONG, Map.of(), false))
                .isEqualTo(created);
    }

    @Test
    void createIsStillIdempotentAfterReopening() {
        CollectionInfo created = create("docs", 2);

        assertThat(reopen().createCollection(
                                DEFAULT_DATABASE,
                                schema("docs"),
                                2,
                                ConsistencyLevel.BOUNDED,
                                Map.of("owner", "test"),
                                true))
                .isEqualTo(created);
    }

    @Test
    void staleCatalogGetsConflictInsteadOfOverwritingItsSuccessor() {
        CollectionInfo docs = create("docs", 1);
        MetaStoreCatalog deposed = reopen();
        deposed.close(); // stops following: a deposed process that never sees its successor's changes
        long partition = docs.defaultPartition().id();
        PartitionInfo p1 = catalog.createPartition(DEFAULT_DATABASE, "docs", "p1");
        catalog.commitRange(
                docs.id(),
                0,
                LogPosition.BEGINNING,
                position(4),
                List.of(segment(10, docs, partition, 0, LogPosition.BEGINNING, position(4))));

        assertError(
                () -> deposed.createPartition(DEFAULT_DATABASE, "docs", "p2"),
                ErrorCode.CONFLICT,
                "catalog/collection/" + docs.id());
        assertError(() -> deposed.setLoaded(docs.id(), true), ErrorCode.CONFLICT);
        assertError(() -> deposed.dropCollection(DEFAULT_DATABASE, "docs"), ErrorCode.CONFLICT);
        assertError(
                () -> deposed.commitRange(
                        docs.id(),
                        0,
                        LogPosition.BEGINNING,
                        position(6),
                        List.of(segment(11, docs, partition, 0, LogPosition.BEGINNING, position(6)))),
                ErrorCode.CONFLICT);

        MetaStoreCatalog successorView = reopen();
        CollectionInfo stored = successorView.findCollection(docs.id()).orElseThrow();
        assertThat(stored.partitions()).containsExactly(docs.defaultPartition(), p1);
        assertThat(stored.loaded()).isFalse();
        assertThat(successorView.checkpoint(docs.id(), 0)).isEqualTo(position(4));
        assertThat(successorView.segments(docs.id()))
                .extracting(SegmentInfo::id)
                .containsExactly(10L);
    }

    @Test
    void staleCatalogCannotOverwriteAnIndexFileCommit() {
        CollectionInfo docs = create("docs", 1);
        IndexInfo index = catalog.createIndex(DEFAULT_DATABASE, "docs", "vec", "vec_index", HNSW, Map.of());
        catalog.commitRange(
                docs.id(),
                0,
                LogPosition.BEGINNING,
                position(4),
                List.of(segment(10, docs, docs.defaultPartition().id(), 0, LogPosition.BEGINNING, position(4))));
        MetaStoreCatalog deposed = reopen();
        deposed.close(); // stops following: a deposed process that never sees its successor's changes
        catalog.commitIndexFile(docs.id(), 10, index.id(), "index/new");

        assertError(() -> deposed.commitIndexFile(docs.id(), 10, index.id(), "index/old"), ErrorCode.CONFLICT);
        assertThat(reopen().segments(docs.id()).getFirst().indexFiles()).isEqualTo(Map.of(index.id(), "index/new"));
    }
}
