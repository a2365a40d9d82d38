package io.quiver.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimestampsTest {
    @Test
    void composesAndSplitsHybridTimestamps() {
        long ts = Timestamps.compose(1_700_000_000_123L, 42);
        assertThat(Timestamps.physicalMillis(ts)).isEqualTo(1_700_000_000_123L);
        assertThat(Timestamps.logical(ts)).isEqualTo(42);
        assertThat(Timestamps.compose(1, 0)).isGreaterThan(Timestamps.compose(0, Timestamps.LOGICAL_MASK));
    }

    @Test
    void rejectsLogicalOverflow() {
        assertThatThrownBy(() -> Timestamps.compose(1, Timestamps.LOGICAL_MASK + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("logical 262144");
    }
}
