package io.quiver.coordinator.internal;

import static io.quiver.coordinator.Catalog.DEFAULT_DATABASE;
import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.common.ErrorCode;
import io.quiver.common.index.IndexSpec;
import io.quiver.common.index.MetricType;
import io.quiver.common.meta.KeyValue;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.DataType;
import io.quiver.common.schema.FieldSchema;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.ConsistencyLevel;
import io.quiver.coordinator.IndexInfo;
import io.quiver.coordinator.PartitionInfo;
import io.quiver.coordinator.SegmentInfo;
import io.quiver.wal.LogPosition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Collections, partitions and indexes in the catalog. */
class MetaStoreCatalogTest extends CatalogTestSupport {
    // ---------------------------------------------------------------- collections

    @Test
    void createdCollectionIsDescribedListedAndFoundById() {
        CollectionInfo created = create("docs", 2);

        assertThat(created.name()).isEqualTo("docs");
        assertThat(created.database()).isEqualTo(DEFAULT_DATABASE);
        assertThat(created.schema()).isEqualTo(schema("docs"));
        assertThat(created.channels()).isEqualTo(LAYOUT.channelsFor(created.id(), 2));
        assertThat(created.consistencyLevel()).isEqualTo(ConsistencyLevel.BOUNDED);
        assertThat(created.properties()).isEqualTo(Map.of("owner", "test"));
        assertThat(created.dynamicField()).isTrue();
        assertThat(created.loaded()).isFalse();
        assertThat(created.partitions())
                .containsExactly(new PartitionInfo(created.id() + 1, PartitionInfo.DEFAULT_NAME, created.createdTs()));
        assertThat(created.createdTs()).isPositive();
        assertThat(catalog.collection(DEFAULT_DATABASE, "docs")).isEqualTo(created);
        assertThat(catalog.findCollection(DEFAULT_DATABASE, "docs")).contains(created);
        assertThat(catalog.findCollection(created.id())).contains(created);
        assertThat(catalog.findCollection(DEFAULT_DATABASE, "other")).isEmpty();
        assertThat(catalog.collections(DEFAULT_DATABASE)).containsExactly(created);
    }

    @Test
    void collectionsAreListedInCreationOrder() {
        CollectionInfo first = create("first", 1);
        CollectionInfo second = create("second", 1);
        CollectionInfo third = create("third", 1);

        assertThat(catalog.collections(DEFAULT_DATABASE)).containsExactly(first, second, third);
        assertThat(List.of(first.id(), second.id(), third.id())).doesNotHaveDuplicates();
    }

    @Test
    void createIsIdempotentForAnIdenticalSchema() {
        CollectionInfo created = create("docs", 2);

        CollectionInfo again = create("docs", 2);

        assertThat(again).isEqualTo(created);
        assertThat(catalog.collections(DEFAULT_DATABASE)).hasSize(1);
    }

    @Test
    void createWithADifferentSchemaOrShardCountFailsNamingTheCollection() {
        create("docs", 2);
        CollectionSchema otherSchema = new CollectionSchema(
                "docs",
                "",
                List.of(
                        new FieldSchema(100, "id", DataType.INT64, true, false, 0, 0, ""),
                        new FieldSchema(101, "vec", DataType.FLOAT_VECTOR, false, false, 8, 0, "")));

        assertError(
                () -> catalog.createCollection(
                        DEFAULT_DATABASE, otherSchema, 2, ConsistencyLevel.BOUNDED, Map.of(), false),
                ErrorCode.COLLECTION_ALREADY_EXISTS,
                "'docs'");
        assertError(() -> create("docs", 3), ErrorCode.COLLECTION_ALREADY_EXISTS, "'docs'");
        assertThat(catalog.collection(DEFAULT_DATABASE, "docs").shards()).isEqualTo(2);
    }

    @Test
    void createRejectsShardCountsOutOfRange() {
        assertError(() -> create("docs", 0), ErrorCode.INVALID_ARGUMENT, "shards_num is 0", "64");
        assertError(() -> create("docs", MetaStoreCatalog.MAX_SHARDS + 1), ErrorCode.INVALID_ARGUMENT, "65");
        assertThat(catalog.collections(DEFAULT_DATABASE)).isEmpty();
    }

    @Test
    void droppedCollectionIsGoneWithEverythingItOwned() {
        CollectionInfo kept = create("kept", 1);
        CollectionInfo docs = create("docs", 2);
        catalog.createIndex(DEFAULT_DATABASE, "docs", "vec", "vec_index", HNSW, Map.of());
        catalog.commitRange(
                docs.id(),
                0,
                LogPosition.BEGINNING,
                position(3),
                List.of(segment(77, docs, docs.defaultPartition().id(), 0, LogPosition.BEGINNING, position(3))));

        catalog.dropCollection(DEFAULT_DATABASE, "docs");

        assertThat(catalog.findCollection(docs.id())).isEmpty();
        assertThat(catalog.findCollection(DEFAULT_DATABASE, "docs")).isEmpty();
        assertThat(catalog.collections(DEFAULT_DATABASE)).containsExactly(kept);
        assertThat(catalog.indexes(docs.id())).isEmpty();
        assertThat(catalog.segments(docs.id())).isEmpty();
        assertThat(catalog.checkpoint(docs.id(), 0)).isEqualTo(LogPosition.BEGINNING);
        assertThat(metaStore.range("catalog/").stream().map(KeyValue::key))
                .containsExactly("catalog/collection/" + kept.id());
        assertError(() -> catalog.collection(DEFAULT_DATABASE, "docs"), ErrorCode.COLLECTION_NOT_FOUND, "'docs'");
    }

    @Test
    void droppingAnUnknownCollectionFailsNamingIt() {
        assertError(
                () -> catalog.dropCollection(DEFAULT_DATABASE, "ghost"),
                ErrorCode.COLLECTION_NOT_FOUND,
                "'ghost'",
                "'default'");
    }

    @Test
    void unknownDatabaseFailsWithDatabaseNotFound() {
        create("docs", 1);

        assertError(
                () -> catalog.createCollection("other", schema("docs"), 1, ConsistencyLevel.STRONG, Map.of(), false),
                ErrorCode.DATABASE_NOT_FOUND,
                "'other'");
        assertError(() -> catalog.collection("other", "docs"), ErrorCode.DATABASE_NOT_FOUND, "'other'");
        assertError(() -> catalog.collections("other"), ErrorCode.DATABASE_NOT_FOUND, "'other'");
        assertError(() -> catalog.dropCollection("other", "docs"), ErrorCode.DATABASE_NOT_FOUND, "'other'");
        assertError(() -> catalog.createPartition("other", "docs", "p1"), ErrorCode.DATABASE_NOT_FOUND, "'other'");
        assertError(
                () -> catalog.createIndex("other", "docs", "vec", "i", HNSW, Map.of()),
                ErrorCode.DATABASE_NOT_FOUND,
                "'other'");
        assertThat(catalog.collections(DEFAULT_DATABASE)).hasSize(1);
    }

    @Test
    void loadedFlagIsStored() {
        CollectionInfo docs = create("docs", 1);

        catalog.setLoaded(docs.id(), true);
        assertThat(catalog.findCollection(docs.id()).orElseThrow().loaded()).isTrue();
        assertThat(reopen().findCollection(docs.id()).orElseThrow().loaded()).isTrue();

        catalog.setLoaded(docs.id(), false);
        assertThat(reopen().findCollection(docs.id()).orElseThrow().loaded()).isFalse();
        assertError(
                () -> catalog.setLoaded(docs.id() + 1000, true),
                ErrorCode.COLLECTION_NOT_FOUND,
                Long.toString(docs.id() + 1000));
    }

    // ---------------------------------------------------------------- partitions

    @Test
    void partitionsAreCreatedAndDropped() {
        CollectionInfo docs = create("docs", 1);

        PartitionInfo p1 = catalog.createPartition(DEFAULT_DATABASE, "docs", "p1");
        PartitionInfo p2 = catalog.createPartition(DEFAULT_DATABASE, "docs", "p2");

        assertThat(p1.name()).isEqualTo("p1");
        assertThat(List.of(docs.id(), docs.defaultPartition().id(), p1.id(), p2.id()))
                .doesNotHaveDuplicates();
        assertThat(catalog.collection(DEFAULT_DATABASE, "docs").partitions())
                .containsExactly(docs.defaultPartition(), p1, p2);

        catalog.dropPartition(DEFAULT_DATABASE, "docs", "p1");

        assertThat(catalog.collection(DEFAULT_DATABASE, "docs").partitions())
                .containsExactly(docs.defaultPartition(), p2);
    }

    @Test
    void duplicatePartitionFailsNamingPartitionAndCollection() {
        create("docs", 1);
        catalog.createPartition(DEFAULT_DATABASE, "docs", "p1");

        assertError(
                () -> catalog.createPartition(DEFAULT_DATABASE, "docs", "p1"),
                ErrorCode.PARTITION_ALREADY_EXISTS,
                "'p1'",
                "'docs'");
        assertError(
                () -> catalog.createPartition(DEFAULT_DATABASE, "docs", PartitionInfo.DEFAULT_NAME),
                ErrorCode.PARTITION_ALREADY_EXISTS,
                "'_default'",
                "'docs'");
        assertError(
                () -> catalog.createPartition(DEFAULT_DATABASE, "docs", "bad-name"),
                ErrorCode.INVALID_ARGUMENT,
                "'bad-name'");
        assertThat(catalog.collection(DEFAULT_DATABASE, "docs").partitions()).hasSize(2);
    }

    @Test
    void defaultPartitionCannotBeDropped() {
        create("docs", 1);

        assertError(
                () -> catalog.dropPartition(DEFAULT_DATABASE, "docs", PartitionInfo.DEFAULT_NAME),
                ErrorCode.INVALID_ARGUMENT,
                "default partition");
        assertThat(catalog.collection(DEFAULT_DATABASE, "docs").partitions()).hasSize(1);
    }

    @Test
    void partitionCannotBeDroppedWhileTheCollectionIsLoaded() {
        CollectionInfo docs = create("docs", 1);
        catalog.createPartition(DEFAULT_DATABASE, "docs", "p1");
        catalog.setLoaded(docs.id(), true);

        assertError(
                () -> catalog.dropPartition(DEFAULT_DATABASE, "docs", "p1"),
                ErrorCode.INVALID_ARGUMENT,
                "'p1'",
                "'docs'",
                "loaded");
        assertThat(catalog.collection(DEFAULT_DATABASE, "docs").findPartition("p1"))
                .isPresent();

        catalog.setLoaded(docs.id(), false);
        catalog.dropPartition(DEFAULT_DATABASE, "docs", "p1");
        assertThat(catalog.collection(DEFAULT_DATABASE, "docs").findPartition("p1"))
                .isEmpty();
    }

    @Test
    void droppingAnUnknownPartitionFailsNamingPartitionAndCollection() {
        create("docs", 1);

        assertError(
                () -> catalog.dropPartition(DEFAULT_DATABASE, "docs", "ghost"),
                ErrorCode.PARTITION_NOT_FOUND,
                "'ghost'",
                "'docs'");
        assertError(
                () -> catalog.createPartition(DEFAULT_DATABASE, "nope", "p1"),
                ErrorCode.COLLECTION_NOT_FOUND,
                "'nope'");
    }

    @Test
    void droppingAPartitionDropsOnlyItsSegments() {
        CollectionInfo docs = create("docs", 1);
        PartitionInfo p1 = catalog.createPartition(DEFAULT_DATABASE, "docs", "p1");
        long defaultId = docs.defaultPartition().id();
        catalog.commitRange(
                docs.id(),
                0,
                LogPosition.BEGINNING,
                position(5),
                List.of(
                        segment(1, docs, defaultId, 0, LogPosition.BEGINNING, position(5)),
                        segment(2, docs, p1.id(), 0, LogPosition.BEGINNING, position(5)),
                        segment(3, docs, SegmentInfo.ALL_PARTITIONS, 0, LogPosition.BEGINNING, position(5))));

        catalog.dropPartition(DEFAULT_DATABASE, "docs", "p1");

        assertThat(catalog.segments(docs.id())).extracting(SegmentInfo::id).containsExactlyInAnyOrder(1L, 3L);
        assertThat(reopen().segments(docs.id())).extracting(SegmentInfo::id).containsExactlyInAnyOrder(1L, 3L);
    }

    // ---------------------------------------------------------------- indexes

    @Test
    void createIndexIsIdempotent() {
        CollectionInfo docs = create("docs", 1);

        IndexInfo created = catalog.createIndex(DEFAULT_DATABASE, "docs", "vec", "vec_index", HNSW, Map.of("M", "16"));
        IndexInfo again = catalog.createIndex(DEFAULT_DATABASE, "docs", "vec", "vec_index", HNSW, Map.of("M", "16"));

        assertThat(again).isEqualTo(created);
        assertThat(created.collectionId()).isEqualTo(docs.id());
        assertThat(created.fieldName()).isEqualTo("vec");
        assertThat(created.spec()).isEqualTo(HNSW);
        assertThat(catalog.indexes(docs.id())).containsExactly(created);
    }

    @Test
    void indexNameDefaultsToTheFieldName() {
        create("docs", 1);

        assertThat(catalog.createIndex(DEFAULT_DATABASE, "docs", "vec", "", HNSW, Map.of())
                        .indexName())
                .isEqualTo("vec");
    }

    @Test
    void conflictingIndexFailsWithIndexAlreadyExists() {
        CollectionInfo docs = create("docs", 1);
        IndexInfo existing = catalog.createIndex(DEFAULT_DATABASE, "docs", "vec", "vec_index", HNSW, Map.of());
        IndexSpec flat = IndexSpec.flat(MetricType.IP, 4);

        assertError(
                () -> catalog.createIndex(DEFAULT_DATABASE, "docs", "vec", "vec_index", flat, Map.of()),
                ErrorCode.INDEX_ALREADY_EXISTS,
                "'vec'",
                "'docs'",
                "'vec_index'");
        assertError(
                () -> catalog.createIndex(DEFAULT_DATABASE, "docs", "vec", "other_name", HNSW, Map.of()),
                ErrorCode.INDEX_ALREADY_EXISTS,
                "'vec'",
                "'docs'");
        assertError(
                () -> catalog.createIndex(DEFAULT_DATABASE, "docs", "vec2", "vec_index", flat, Map.of()),
                ErrorCode.INDEX_ALREADY_EXISTS,
                "field 'vec' of collection 'docs' already has index 'vec_index'");
        assertThat(catalog.indexes(docs.id())).containsExactly(existing);
    }

    @Test
    void indexOnAScalarOrUnknownFieldIsRejected() {
        create("docs", 1);

        assertError(
                () -> catalog.createIndex(DEFAULT_DATABASE, "docs", "title", "t", HNSW, Map.of()),
                ErrorCode.INVALID_ARGUMENT,
                "'title'",
                "'docs'");
        assertError(
                () -> catalog.createIndex(DEFAULT_DATABASE, "docs", "nope", "n", HNSW, Map.of()),
                ErrorCode.INVALID_ARGUMENT,
                "'nope'",
                "'docs'");
    }

    @Test
    void indexesAreDropped() {
        CollectionInfo docs = create("docs", 1);
        IndexInfo index = catalog.createIndex(DEFAULT_DATABASE, "docs", "vec", "vec_index", HNSW, Map.of());
        catalog.setLoaded(docs.id(), true);

        assertError(
                () -> catalog.dropIndex(DEFAULT_DATABASE, "docs", "vec_index"),
                ErrorCode.INVALID_ARGUMENT,
                "'vec_index'",
                "'docs'",
                "loaded");
        assertThat(catalog.indexes(docs.id())).containsExactly(index);

        catalog.setLoaded(docs.id(), false);
        catalog.dropIndex(DEFAULT_DATABASE, "docs", "vec_index");

        assertThat(catalog.indexes(docs.id())).isEmpty();
        assertThat(reopen().indexes(docs.id())).isEmpty();
        assertError(
                () -> catalog.dropIndex(DEFAULT_DATABASE, "docs", "vec_index"),
                ErrorCode.INDEX_NOT_FOUND,
                "'vec_index'",
                "'docs'");
        IndexInfo recreated = catalog.createIndex(
                DEFAULT_DATABASE, "docs", "vec", "vec_index", IndexSpec.flat(MetricType.COSINE, 4), Map.of());
        assertThat(recreated.id()).isNotEqualTo(index.id());
    }
}
