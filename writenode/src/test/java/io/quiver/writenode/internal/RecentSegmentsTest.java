package io.quiver.writenode.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.LongColumn;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecentSegmentsTest {
    private static ColumnBatch rows(long... ids) {
        return new ColumnBatch(ids.length, Map.of("id", LongColumn.int64(ids)));
    }

    @Test
    void keepsTheLastFewSegmentsUntilForgotten() {
        RecentSegments recent = new RecentSegments(2);
        ColumnBatch first = rows(1);
        recent.put(1, first);
        recent.put(2, rows(2));

        assertThat(recent.get(1)).isSameAs(first);

        recent.forget(1);
        assertThat(recent.get(1)).isNull();
        assertThat(recent.get(2)).isNotNull();
    }

    @Test
    void evictsTheLeastRecentlyUsedBeyondCapacity() {
        RecentSegments recent = new RecentSegments(2);
        recent.put(1, rows(1));
        recent.put(2, rows(2));
        recent.get(1);
        recent.put(3, rows(3));

        assertThat(recent.get(2)).isNull();
        assertThat(recent.get(1)).isNotNull();
        assertThat(recent.get(3)).isNotNull();
    }
}
