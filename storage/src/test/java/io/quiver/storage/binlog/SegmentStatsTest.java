package io.quiver.storage.binlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.data.Column;
import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.LongColumn;
import io.quiver.common.data.StringColumn;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.DataType;
import io.quiver.storage.InMemoryObjectStore;
import io.quiver.storage.ObjectStore;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SegmentStatsTest {
    private static final SegmentKey KEY = new SegmentKey(7, 8, 9);
    private static final String STATS_KEY = "stats/7/8/9.stats";

    private final ObjectStore store = new InMemoryObjectStore();
    private final SegmentWriter writer = new SegmentWriter(store);
    private final SegmentReader reader = new SegmentReader(store);

    @AfterEach
    void close() {
        reader.close();
        writer.close();
    }

    @Test
    void int64StatsHaveRangeAndNoFalseNegatives() {
        SplittableRandom random = RandomSegments.seeded(21);
        long[] keys = new long[5_000];
        Arrays.setAll(keys, i -> random.nextLong(-1_000_000_000L, 1_000_000_000L));
        keys[17] = Long.MIN_VALUE;
        keys[4_000] = Long.MAX_VALUE;
        writeSegmentWithKeys(LongColumn.int64(keys));

        SegmentStats stats = reader.readStats(KEY);

        assertThat(stats.rowCount()).isEqualTo(5_000);
        assertThat(stats.primaryKeyType()).isEqualTo(DataType.INT64);
        assertThat(stats.minPrimaryKey()).isEqualTo(Long.MIN_VALUE);
        assertThat(stats.maxPrimaryKey()).isEqualTo(Long.MAX_VALUE);
        for (long key : keys) {
            assertThat(stats.mightContain(key)).as("key %d", key).isTrue();
        }
        Set<Long> present = new HashSet<>();
        Arrays.stream(keys).forEach(present::add);
        int falsePositives = 0;
        int absent = 0;
        for (int i = 0; i < 20_000; i++) {
            long candidate = random.nextLong(-1_000_000_000L, 1_000_000_000L);
            if (!present.contains(candidate)) {
                absent++;
                falsePositives += stats.mightContain(candidate) ? 1 : 0;
            }
        }
        assertThat((double) falsePositives / absent).isLessThan(0.03);
    }

    @Test
    void varcharStatsHaveRangeAndNoFalseNegatives() {
        SplittableRandom random = RandomSegments.seeded(22);
        String[] keys = new String[2_000];
        Arrays.setAll(keys, i -> "key-" + random.nextInt(1_000_000) + "-" + i);
        keys[5] = "";
        keys[6] = "日本語🙂";
        writeSegmentWithKeys(new StringColumn(keys));

        SegmentStats stats = reader.readStats(KEY);

        String[] sorted = keys.clone();
        Arrays.sort(sorted);
        assertThat(stats.rowCount()).isEqualTo(2_000);
        assertThat(stats.minPrimaryKey()).isEqualTo("");
        assertThat(stats.maxPrimaryKey()).isEqualTo(sorted[sorted.length - 1]).isEqualTo("日本語🙂");
        for (String key : keys) {
            assertThat(stats.mightContain(key)).as("key '%s'", key).isTrue();
        }
        assertThat(stats.mightContain("日本語🙂🙂")).isFalse();
    }

    @Test
    void keysOutsideTheRangeAreExcluded() {
        writeSegmentWithKeys(LongColumn.int64(new long[] {10, 20, 30}));

        SegmentStats stats = reader.readStats(KEY);

        assertThat(stats.minPrimaryKey()).isEqualTo(10L);
        assertThat(stats.maxPrimaryKey()).isEqualTo(30L);
        assertThat(stats.mightContain(9L)).isFalse();
        assertThat(stats.mightContain(31L)).isFalse();
        assertThat(List.of(10L, 20L, 30L)).allMatch(stats::mightContain);
    }

    @Test
    void formatRoundTripsExactly() {
        SegmentStats stats = SegmentStats.of(new StringColumn(new String[] {"b", "a", "c"}));

        SegmentStats decoded = SegmentStatsFormat.decode(STATS_KEY, SegmentStatsFormat.encode(stats));

        assertThat(decoded).isEqualTo(stats);
        assertThat(decoded.minPrimaryKey()).isEqualTo("a");
        assertThat(decoded.maxPrimaryKey()).isEqualTo("c");
    }

    @Test
    void keyOfTheWrongTypeIsRejected() {
        SegmentStats stats = SegmentStats.of(LongColumn.int64(new long[] {1}));

        assertThatThrownBy(() -> stats.mightContain("1"))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("Int64 key is a Long");
        assertThatThrownBy(() -> stats.mightContain(1))
                .isInstanceOf(QuiverException.class)
                .hasMessageContaining("Integer");
    }

    @Test
    void corruptStatsAreRejected() {
        writeSegmentWithKeys(LongColumn.int64(new long[] {1, 2, 3}));
        byte[] good = store.getBytes(STATS_KEY);

        byte[] flipped = good.clone();
        flipped[20] ^= 1;
        assertCorrupt(flipped, "checksum");
        assertCorrupt(Arrays.copyOf(good, good.length - 1), STATS_KEY);
        assertCorrupt(Arrays.copyOf(good, 6), "truncated");
        byte[] newer = good.clone();
        ByteBuffer.wrap(newer).putInt(4, 2);
        assertCorrupt(newer, "format version 2 is not supported (supported: 1)");
        byte[] other = good.clone();
        other[0] = 'X';
        assertCorrupt(other, "magic");
    }

    private void assertCorrupt(byte[] bytes, String message) {
        store.put(STATS_KEY, bytes);
        assertThatThrownBy(() -> reader.readStats(KEY))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA))
                .hasMessageContaining(STATS_KEY)
                .hasMessageContaining(message);
    }

    private void writeSegmentWithKeys(Column keys) {
        CollectionSchema schema = RandomSegments.everyTypeSchema(keys.type());
        ColumnBatch rows = new RandomSegments(new SplittableRandom(1)).rows(schema, keys.size());
        Map<String, Column> columns = new LinkedHashMap<>(rows.columns());
        columns.put("pk", keys);
        writer.write(KEY, schema, new ColumnBatch(keys.size(), columns), DeltaBatch.empty(keys.type()));
    }
}
