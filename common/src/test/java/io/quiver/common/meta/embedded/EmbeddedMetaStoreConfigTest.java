package io.quiver.common.meta.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.QuiverException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EmbeddedMetaStoreConfigTest {
    @Test
    void defaults() {
        EmbeddedMetaStoreConfig config = EmbeddedMetaStoreConfig.defaults();

        assertThat(config.journalRecordsPerSnapshot()).isEqualTo(10_000);
        assertThat(config.watchHistoryEvents()).isEqualTo(10_000);
        assertThat(config.leaseSweepInterval()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void withersChangeOneSetting() {
        EmbeddedMetaStoreConfig config = EmbeddedMetaStoreConfig.defaults()
                .withJournalRecordsPerSnapshot(5)
                .withWatchHistoryEvents(7)
                .withLeaseSweepInterval(Duration.ZERO);

        assertThat(config).isEqualTo(new EmbeddedMetaStoreConfig(5, 7, Duration.ZERO));
    }

    @Test
    void rejectsSettingsOutOfRange() {
        assertThatThrownBy(() -> EmbeddedMetaStoreConfig.defaults().withJournalRecordsPerSnapshot(0))
                .isInstanceOf(QuiverException.class)
                .hasMessage("journalRecordsPerSnapshot must be positive: 0");
        assertThatThrownBy(() -> EmbeddedMetaStoreConfig.defaults().withWatchHistoryEvents(-1))
                .hasMessage("watchHistoryEvents must be positive: -1");
        assertThatThrownBy(() -> EmbeddedMetaStoreConfig.defaults().withLeaseSweepInterval(Duration.ofMillis(-1)))
                .hasMessage("leaseSweepInterval must not be negative: PT-0.001S");
    }
}
