package io.quiver.storage.binlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.data.FloatColumn;
import io.quiver.common.data.LongColumn;
import io.quiver.common.data.StringColumn;
import io.quiver.common.schema.DataType;
import io.quiver.storage.ObjectKeys;
import org.junit.jupiter.api.Test;

class SegmentPathsTest {
    private static final SegmentKey KEY = new SegmentKey(449_000_000_000_001L, 17, 449_000_000_000_123L);

    @Test
    void pathsFollowTheDesignLayout() {
        assertThat(SegmentPaths.segmentPrefix(KEY)).isEqualTo("binlog/449000000000001/17/449000000000123/");
        assertThat(SegmentPaths.fieldBinlog(KEY, 101)).isEqualTo("binlog/449000000000001/17/449000000000123/101.arrow");
        assertThat(SegmentPaths.primaryKeyBinlog(KEY)).isEqualTo("binlog/449000000000001/17/449000000000123/$pk.arrow");
        assertThat(SegmentPaths.timestampBinlog(KEY)).isEqualTo("binlog/449000000000001/17/449000000000123/$ts.arrow");
        assertThat(SegmentPaths.binlog(KEY, "x.arrow")).isEqualTo("binlog/449000000000001/17/449000000000123/x.arrow");
        assertThat(SegmentPaths.delta(KEY)).isEqualTo("delta/449000000000001/17/449000000000123.arrow");
        assertThat(SegmentPaths.stats(KEY)).isEqualTo("stats/449000000000001/17/449000000000123.stats");
        assertThat(ObjectKeys.validate(SegmentPaths.primaryKeyBinlog(KEY))).isNotEmpty();
    }

    @Test
    void segmentKeyRejectsNegativeIds() {
        assertInvalid(() -> new SegmentKey(-1, 0, 0), "collection id -1 is negative");
        assertInvalid(() -> new SegmentKey(0, -2, 0), "partition id -2 is negative");
        assertInvalid(() -> new SegmentKey(0, 0, -3), "segment id -3 is negative");
    }

    @Test
    void deltaBatchChecksItsColumns() {
        assertThat(new DeltaBatch(new StringColumn(new String[] {"a", "b"}), new long[] {1, 2}).size())
                .isEqualTo(2);
        assertInvalid(() -> new DeltaBatch(LongColumn.int64(new long[] {1}), new long[0]), "1 primary keys but 0");
        assertInvalid(() -> new DeltaBatch(new LongColumn(DataType.INT32, new long[0]), new long[0]), "Int32");
        assertInvalid(() -> new DeltaBatch(new FloatColumn(new float[0]), new long[0]), "Float");
        assertInvalid(() -> new DeltaBatch(new StringColumn(new String[] {null}), new long[1]), "null primary key");
        assertInvalid(() -> DeltaBatch.empty(DataType.BOOL), "Bool");
    }

    private static void assertInvalid(Runnable call, String message) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining(message);
    }
}
