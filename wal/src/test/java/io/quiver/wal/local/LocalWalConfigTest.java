package io.quiver.wal.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalWalConfigTest {
    private static final Path DIRECTORY = Path.of("/var/lib/quiver/wal");

    @Test
    void hasDocumentedDefaults() {
        LocalWalConfig config = LocalWalConfig.defaults(DIRECTORY);
        assertThat(config.directory()).isEqualTo(DIRECTORY);
        assertThat(config.segmentBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(config.maxEntryBytes()).isEqualTo(128 * 1024 * 1024);
        assertThat(config.maxBatchBytes()).isEqualTo(16L * 1024 * 1024);
    }

    @Test
    void withersChangeOneSetting() {
        LocalWalConfig config = LocalWalConfig.defaults(DIRECTORY)
                .withSegmentBytes(1000)
                .withMaxEntryBytes(10)
                .withMaxBatchBytes(20);
        assertThat(config).isEqualTo(new LocalWalConfig(DIRECTORY, 1000, 10, 20));
    }

    @Test
    void rejectsOutOfRangeSettings() {
        assertThatThrownBy(() -> new LocalWalConfig(DIRECTORY, 0, 10, 10))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("segmentBytes must be positive, got 0");
        assertThatThrownBy(() -> new LocalWalConfig(DIRECTORY, 10, Integer.MAX_VALUE, 10))
                .hasMessage("maxEntryBytes must be in [1, 2147483583], got 2147483647");
        assertThatThrownBy(() -> new LocalWalConfig(DIRECTORY, 10, 10, -1))
                .hasMessage("maxBatchBytes must be positive, got -1");
        assertThatThrownBy(() -> new LocalWalConfig(null, 10, 10, 10)).isInstanceOf(NullPointerException.class);
    }
}
