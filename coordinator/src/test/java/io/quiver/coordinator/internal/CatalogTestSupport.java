package io.quiver.coordinator.internal;

import static io.quiver.coordinator.Catalog.DEFAULT_DATABASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.index.IndexSpec;
import io.quiver.common.index.IndexType;
import io.quiver.common.index.MetricType;
import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.embedded.EmbeddedMetaStore;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.DataType;
import io.quiver.common.schema.FieldSchema;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.ConsistencyLevel;
import io.quiver.coordinator.SegmentInfo;
import io.quiver.wal.LogPosition;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The catalog over an embedded meta store, and helpers shared by the catalog tests. */
abstract class CatalogTestSupport {
    static final ChannelLayout LAYOUT = new ChannelLayout("dml", 4);
    static final IndexSpec HNSW = new IndexSpec(IndexType.HNSW, MetricType.L2, 4, 16, 64);

    @TempDir
    Path directory;

    MetaStore metaStore;
    MetaStoreIdAllocator ids;
    PersistentTimestampOracle tso;
    MetaStoreCatalog catalog;

    @BeforeEach
    void open() {
        metaStore = EmbeddedMetaStore.open(directory, Clock.systemUTC());
        ids = new MetaStoreIdAllocator(metaStore);
        tso = PersistentTimestampOracle.open(metaStore, Clock.systemUTC());
        catalog = reopen();
    }

    @AfterEach
    void close() {
        metaStore.close();
    }

    // ---------------------------------------------------------------- helpers

    MetaStoreCatalog reopen() {
        return MetaStoreCatalog.open(metaStore, ids, tso, LAYOUT);
    }

    CollectionInfo create(String name, int shards) {
        return catalog.createCollection(
                DEFAULT_DATABASE, schema(name), shards, ConsistencyLevel.BOUNDED, Map.of("owner", "test"), true);
    }

    static CollectionSchema schema(String name) {
        return new CollectionSchema(
                name,
                "test collection",
                List.of(
                        new FieldSchema(100, "id", DataType.INT64, true, false, 0, 0, ""),
                        new FieldSchema(101, "vec", DataType.FLOAT_VECTOR, false, false, 4, 0, ""),
                        new FieldSchema(102, "vec2", DataType.FLOAT_VECTOR, false, false, 4, 0, ""),
                        new FieldSchema(103, "title", DataType.VARCHAR, false, false, 0, 64, "a title")));
    }

    static LogPosition position(long n) {
        return new LogPosition(ByteBuffer.allocate(Long.BYTES).putLong(n).array());
    }

    static SegmentInfo segment(
            long id, CollectionInfo collection, long partition, int shard, LogPosition start, LogPosition end) {
        boolean tombstones = partition == SegmentInfo.ALL_PARTITIONS;
        return new SegmentInfo(
                id,
                collection.id(),
                partition,
                shard,
                start,
                end,
                tombstones ? 0 : 100 + id,
                tombstones ? 3 : 0,
                1_000 + id,
                Map.of());
    }

    static void assertError(ThrowingCallable call, ErrorCode code, String... fragments) {
        assertThatThrownBy(call).isInstanceOfSatisfying(QuiverException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
            for (String fragment : fragments) {
                assertThat(e.getMessage()).contains(fragment);
            }
        });
    }
}
