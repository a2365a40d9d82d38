package io.quiver.querynode.internal;

import static io.quiver.querynode.internal.Fixtures.chunk;
import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.common.Timestamps;
import org.junit.jupiter.api.Test;

class SegmentTest {

    @Test
    void rowIsVisibleFromItsInsertTimestampUpToButExcludingItsSupersededTimestamp() {
        Segment segment = chunk(1, 1, 100, new long[] {1, 2}, new long[] {0, 0}, new float[8]);
        segment.supersede(0, 200);

        assertThat(segment.visibleAt(0, 99)).isFalse();
        assertThat(segment.visibleAt(0, 100)).isTrue();
        assertThat(segment.visibleAt(0, 199)).isTrue();
        assertThat(segment.visibleAt(0, 200)).isFalse();
        assertThat(segment.visibleAt(1, 100)).isTrue();
        assertThat(segment.visibleAt(1, Timestamps.MAX - 1)).isTrue();
    }

    @Test
    void allVisibleAtHoldsOnlyFromTheNewestInsertAndWhileNothingIsSuperseded() {
        long[] timestamps = {100, 150};
        Segment segment = new Segment(
                3,
                1,
                Fixtures.rows(timestamps, new long[] {1, 2}, new long[] {0, 0}, new float[8]),
                "id",
                Fixtures.position(5),
                true);

        assertThat(segment.allVisibleAt(99)).isFalse();
        assertThat(segment.allVisibleAt(149)).isFalse();
        assertThat(segment.visibleAt(0, 149)).isTrue();
        assertThat(segment.visibleAt(1, 149)).isFalse();
        assertThat(segment.allVisibleAt(150)).isTrue();

        segment.supersede(1, 300);
        assertThat(segment.allVisibleAt(150))
                .as("a superseded row needs a per-row check")
                .isFalse();
        assertThat(segment.visibleAt(1, 299)).isTrue();
        assertThat(segment.visibleAt(1, 300)).isFalse();
    }

    @Test
    void supersedeOnlyMovesTheEndEarlier() {
        Segment segment = chunk(1, 1, 100, new long[] {1}, new long[] {0}, new float[4]);
        segment.supersede(0, 200);
        segment.supersede(0, 300);

        assertThat(segment.supersededTs[0]).isEqualTo(200L);
        assertThat(segment.visibleAt(0, 250)).isFalse();

        segment.supersede(0, 150); // a version at 150 arrived late, between this row and the one at 200
        assertThat(segment.supersededTs[0]).isEqualTo(150L);
        assertThat(segment.visibleAt(0, 149)).isTrue();
        assertThat(segment.visibleAt(0, 150)).isFalse();
        assertThat(segment.allVisibleAt(149)).isFalse();
    }
}
