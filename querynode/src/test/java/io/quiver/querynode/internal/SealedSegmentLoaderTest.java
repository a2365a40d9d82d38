package io.quiver.querynode.internal;

import static io.quiver.querynode.internal.Fixtures.SCHEMA;
import static io.quiver.querynode.internal.Fixtures.position;
import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.common.Timestamps;
import io.quiver.common.data.Column;
import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.data.LongColumn;
import io.quiver.common.data.StringColumn;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.DataType;
import io.quiver.common.schema.FieldSchema;
import io.quiver.coordinator.SegmentInfo;
import io.quiver.storage.InMemoryObjectStore;
import io.quiver.storage.binlog.DeltaBatch;
import io.quiver.storage.binlog.SegmentKey;
import io.quiver.storage.binlog.SegmentReader;
import io.quiver.storage.binlog.SegmentWriter;
import io.quiver.wal.LogPosition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SealedSegmentLoaderTest {
    private static final long COLLECTION = 5;
    private static final long MAX = Timestamps.MAX;

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final SegmentWriter writer = new SegmentWriter(store);
    private final SegmentReader reader = new SegmentReader(store);
    private final PrimaryKeyIndex primaryKeys = new PrimaryKeyIndex();

    @AfterEach
    void close() {
        writer.close();
        reader.close();
    }

    @Test
    void rowsAndTombstonesOfARangeAreReplayedInTimestampOrderAcrossPartitions() {
        // partition 1: keys 1, 2, 3, 5 at 10, 20, 40, 60; partition 2: keys 1, 4 at 30, 50
        // tombstones: key 2 at 25, key 3 at 35 (before its insert), key 9 at 45 (never inserted), key 4 at 55
        List<SegmentInfo> range = List.of(
                writeRows(
                        11, 1, LogPosition.BEGINNING, position(10), new long[] {10, 20, 40, 60}, new long[] {1, 2, 3, 5
                        }),
                writeRows(12, 2, LogPosition.BEGINNING, position(10), new long[] {30, 50}, new long[] {1, 4}),
                writeTombstones(
                        13, LogPosition.BEGINNING, position(10), new long[] {2, 3, 9, 4}, new long[] {25, 35, 45, 55}));

        List<Segment> loaded = new SealedSegmentLoader(reader, SCHEMA).loadRange(range, primaryKeys);

        assertThat(loaded).hasSize(2);
        Segment one = loaded.get(0);
        Segment two = loaded.get(1);
        assertThat(one.id).isEqualTo(11);
        assertThat(one.partitionId).isEqualTo(1);
        assertThat(one.sealed).isTrue();
        assertThat(one.end).isEqualTo(position(10));
        assertThat(((LongColumn) one.primaryKeys).values()).containsExactly(1, 2, 3, 5);
        assertThat(one.insertTs).containsExactly(10, 20, 40, 60);
        assertThat(((LongColumn) one.rows.column("tag")).values()).containsExactly(1001, 1002, 1003, 1005);
        assertThat(Fixtures.vector(one, 2)).containsExactly(3, 0.5f, -3, 1);
        assertThat(two.id).isEqualTo(12);
        assertThat(two.partitionId).isEqualTo(2);

        assertThat(one.supersededTs).containsExactly(30, 25, MAX, MAX);
        assertThat(two.supersededTs).containsExactly(MAX, 55);
        assertThat(primaryKeys.size()).as("keys 1, 3, 5 live").isEqualTo(3);
    }

    @Test
    void aLaterRangeSupersedesRowsOfAnEarlierOne() {
        List<SegmentInfo> first = List.of(
                writeRows(11, 1, LogPosition.BEGINNING, position(10), new long[] {10, 20, 60}, new long[] {1, 3, 5}),
                writeRows(12, 2, LogPosition.BEGINNING, position(10), new long[] {30}, new long[] {2}));
        List<SegmentInfo> second = List.of(
                writeTombstones(23, position(10), position(20), new long[] {5}, new long[] {75}),
                writeRows(21, 1, position(10), position(20), new long[] {70, 80}, new long[] {2, 3}));
        SealedSegmentLoader loader = new SealedSegmentLoader(reader, SCHEMA);

        List<Segment> loadedFirst = loader.loadRange(first, primaryKeys);
        List<Segment> loadedSecond = loader.loadRange(second, primaryKeys);

        assertThat(loadedFirst.get(0).supersededTs).containsExactly(MAX, 80, 75);
        assertThat(loadedFirst.get(1).supersededTs).containsExactly(70);
        assertThat(loadedSecond).hasSize(1);
        assertThat(loadedSecond.getFirst().id).isEqualTo(21);
        assertThat(loadedSecond.getFirst().supersededTs).containsExactly(MAX, MAX);
        assertThat(primaryKeys.size()).isEqualTo(3);
    }

    @Test
    void varCharPrimaryKeysAreMatchedByValue() {
        CollectionSchema schema = new CollectionSchema(
                "names",
                "",
                List.of(
                        new FieldSchema(100, "name", DataType.VARCHAR, true, false, 0, 32, ""),
                        new FieldSchema(101, "vec", DataType.FLOAT_VECTOR, false, false, 2, 0, "")));
        Map<String, Column> columns = new LinkedHashMap<>();
        columns.put("name", new StringColumn(new String[] {"a", "b", "a"}));
        columns.put("vec", new FloatVectorColumn(2, new float[6]));
        columns.put(ColumnBatch.TIMESTAMP, LongColumn.int64(new long[] {10, 20, 40}));
        writer.write(
                new SegmentKey(COLLECTION, 1, 31),
                schema,
                new ColumnBatch(3, columns),
                DeltaBatch.empty(DataType.VARCHAR));
        Map<String, Column> none = new LinkedHashMap<>();
        none.put("name", new StringColumn(new String[0]));
        none.put("vec", new FloatVectorColumn(2, new float[0]));
        none.put(ColumnBatch.TIMESTAMP, LongColumn.int64(new long[0]));
        writer.write(
                new SegmentKey(COLLECTION, 0, 32),
                schema,
                new ColumnBatch(0, none),
                new DeltaBatch(new StringColumn(new String[] {new String("b".toCharArray())}), new long[] {30}));

        List<Segment> loaded = new SealedSegmentLoader(reader, schema)
                .loadRange(
                        List.of(
                                info(31, 1, LogPosition.BEGINNING, position(4), 3, 0),
                                info(32, 0, LogPosition.BEGINNING, position(4), 0, 1)),
                        primaryKeys);

        assertThat(loaded).hasSize(1);
        assertThat(loaded.getFirst().supersededTs).containsExactly(40, 30, MAX);
    }

    private SegmentInfo writeRows(
            long id, long partition, LogPosition start, LogPosition end, long[] timestamps, long[] ids) {
        long[] tags = new long[ids.length];
        float[] vectors = new float[ids.length * Fixtures.DIMENSION];
        for (int i = 0; i < ids.length; i++) {
            tags[i] = 1000 + ids[i];
            vectors[i * 4] = ids[i];
            vectors[i * 4 + 1] = 0.5f;
            vectors[i * 4 + 2] = -ids[i];
            vectors[i * 4 + 3] = 1;
        }
        writer.write(
                new SegmentKey(COLLECTION, partition, id),
                SCHEMA,
                Fixtures.rows(timestamps, ids, tags, vectors),
                DeltaBatch.empty(DataType.INT64));
        return info(id, partition, start, end, ids.length, 0);
    }

    private SegmentInfo writeTombstones(long id, LogPosition start, LogPosition end, long[] keys, long[] timestamps) {
        writer.write(
                new SegmentKey(COLLECTION, SegmentInfo.ALL_PARTITIONS, id),
                SCHEMA,
                Fixtures.rows(new long[0], new long[0], new long[0], new float[0]),
                new DeltaBatch(LongColumn.int64(keys), timestamps));
        return info(id, SegmentInfo.ALL_PARTITIONS, start, end, 0, keys.length);
    }

    private static SegmentInfo info(
            long id, long partition, LogPosition start, LogPosition end, long rows, long deletes) {
        return new SegmentInfo(id, COLLECTION, partition, 0, start, end, rows, deletes, 0, Map.of());
    }
}
