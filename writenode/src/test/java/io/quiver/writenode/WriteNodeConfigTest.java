package io.quiver.writenode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WriteNodeConfigTest {
    @Test
    void segmentsAreASixteenthOfTheHeapBetweenSixteenAnd512MiB() {
        assertThat(WriteNodeConfig.forHeap(1L << 30).segmentMaxBytes()).isEqualTo(64L << 20);
        assertThat(WriteNodeConfig.forHeap(64L << 20).segmentMaxBytes()).isEqualTo(16L << 20);
        assertThat(WriteNodeConfig.forHeap(16L << 30).segmentMaxBytes()).isEqualTo(512L << 20);
        assertThat(WriteNodeConfig.forHeap(32L << 30).segmentMaxBytes()).isEqualTo(512L << 20);
        assertThat(WriteNodeConfig.forHeap(1L << 30).segmentMaxAge())
                .isEqualTo(WriteNodeConfig.DEFAULTS.segmentMaxAge());
    }
}
