package io.quiver.writenode.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.LongColumn;
import io.quiver.wal.LogPosition;
import io.quiver.writenode.ShardWrites;
import org.junit.jupiter.api.Test;

class ShardBufferTest {
    private static final LogPosition START = new LogPosition(new byte[] {0, 5});

    @Test
    void coversEveryPositionUpToItsStart() {
        ShardBuffer buffer = new ShardBuffer(1, 0, START);

        assertThat(buffer.covers(new LogPosition(new byte[] {0, 4}))).isTrue();
        assertThat(buffer.covers(START)).isTrue();
        assertThat(buffer.covers(new LogPosition(new byte[] {0, 6}))).isFalse();
        assertThat(new ShardBuffer(1, 0, LogPosition.BEGINNING).covers(new LogPosition(new byte[] {0})))
                .isFalse();
    }

    @Test
    void rowsOfEachPartitionAreKeptInLogOrder() {
        ShardBuffer buffer = new ShardBuffer(1, 0, START);

        buffer.addRows(20, ShardWrites.rows(100, 1, 2));
        buffer.addRows(10, ShardWrites.rows(101, 3));
        buffer.addRows(20, ShardWrites.rows(102, 4));

        assertThat(buffer.rowsByPartition()).containsOnlyKeys(20L, 10L);
        assertThat(buffer.rowsByPartition().keySet()).containsExactly(20L, 10L);
        ColumnBatch partition20 = buffer.rowsByPartition().get(20L);
        assertThat(((LongColumn) partition20.column("id")).values()).containsExactly(1, 2, 4);
        assertThat(((LongColumn) partition20.column(ColumnBatch.TIMESTAMP)).values())
                .containsExactly(100, 100, 102);
        assertThat(((LongColumn) buffer.rowsByPartition().get(10L).column("id")).values())
                .containsExactly(3);
        assertThat(buffer.deletedKeys()).isNull();
        assertThat(buffer.deleteTimestamps()).isEmpty();
    }

    @Test
    void tombstonesKeepTheTimestampOfTheirEntry() {
        ShardBuffer buffer = new ShardBuffer(1, 0, START);

        buffer.addDeletes(LongColumn.int64(new long[] {7, 8}), 200);
        buffer.addDeletes(LongColumn.int64(new long[] {9}), 201);

        assertThat(((LongColumn) buffer.deletedKeys()).values()).containsExactly(7, 8, 9);
        assertThat(buffer.deleteTimestamps()).containsExactly(200, 200, 201);
        assertThat(buffer.rowsByPartition()).isEmpty();
    }

    @Test
    void sizeGrowsWithWhatIsBufferedAndResetEmptiesTheBuffer() {
        ShardBuffer buffer = new ShardBuffer(1, 0, START);
        assertThat(buffer.isEmpty()).isTrue();
        assertThat(buffer.bytes()).isZero();
        assertThat(buffer.ageNanos()).isZero();

        buffer.addRows(10, ShardWrites.rows(100, 1, 2));
        long afterRows = buffer.bytes();
        buffer.addDeletes(LongColumn.int64(new long[] {7}), 200);

        assertThat(afterRows).isPositive();
        assertThat(buffer.bytes()).isGreaterThan(afterRows);
        assertThat(buffer.isEmpty()).isFalse();
        assertThat(buffer.ageNanos()).isNotNegative();

        LogPosition end = new LogPosition(new byte[] {0, 9});
        buffer.reset(end);

        assertThat(buffer.start()).isEqualTo(end);
        assertThat(buffer.isEmpty()).isTrue();
        assertThat(buffer.bytes()).isZero();
        assertThat(buffer.rowsByPartition()).isEmpty();
        assertThat(buffer.deletedKeys()).isNull();
        assertThat(buffer.covers(end)).isTrue();
    }
}
