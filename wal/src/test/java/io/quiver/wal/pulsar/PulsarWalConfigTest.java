package io.quiver.wal.pulsar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PulsarWalConfigTest {
    @Test
    void hasDocumentedDefaults() {
        PulsarWalConfig config = PulsarWalConfig.defaults();
        assertThat(config.serviceUrl()).isEqualTo("pulsar://127.0.0.1:6650");
        assertThat(config.tenant()).isEqualTo("public");
        assertThat(config.namespace()).isEqualTo("default");
        assertThat(config.topicPrefix()).isEqualTo("quiver-");
        assertThat(config.sendTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.batchingDelay()).isEqualTo(Duration.ofMillis(1));
        assertThat(config.maxEntryBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(config.readerQueueSize()).isEqualTo(32);
        assertThat(config.topic("shard-0")).isEqualTo("persistent://public/default/quiver-shard-0");
    }

    @Test
    void withersChangeOneSetting() {
        PulsarWalConfig config = PulsarWalConfig.defaults()
                .withServiceUrl("pulsar://127.0.0.1:16650")
                .withNamespace("quiver", "wal")
                .withTopicPrefix("")
                .withSendTimeout(Duration.ofSeconds(5))
                .withBatchingDelay(Duration.ZERO)
                .withMaxEntryBytes(1000)
                .withReaderQueueSize(10);
        assertThat(config)
                .isEqualTo(new PulsarWalConfig(
                        "pulsar://127.0.0.1:16650",
                        "quiver",
                        "wal",
                        "",
                        Duration.ofSeconds(5),
                        Duration.ZERO,
                        1000,
                        10));
        assertThat(config.topic("c")).isEqualTo("persistent://quiver/wal/c");
    }

    @Test
    void rejectsOutOfRangeSettings() {
        PulsarWalConfig defaults = PulsarWalConfig.defaults();
        assertThatThrownBy(() -> defaults.withServiceUrl("http://127.0.0.1:8080"))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("serviceUrl must start with pulsar:// or pulsar+ssl://, got 'http://127.0.0.1:8080'");
        assertThatThrownBy(() -> defaults.withNamespace("a/b", "default"))
                .hasMessageStartingWith("invalid Pulsar tenant 'a/b'");
        assertThatThrownBy(() -> defaults.withNamespace("public", ""))
                .hasMessageStartingWith("invalid Pulsar namespace ''");
        assertThatThrownBy(() -> defaults.withTopicPrefix("a/b")).hasMessageStartingWith("invalid topic prefix 'a/b'");
        assertThatThrownBy(() -> defaults.withSendTimeout(Duration.ZERO))
                .hasMessage("sendTimeout must be in [1ms, 2147483647ms], got PT0S");
        assertThatThrownBy(() -> defaults.withBatchingDelay(Duration.ofMillis(-1)))
                .hasMessage("batchingDelay must be in [0, 1s], got PT-0.001S");
        assertThatThrownBy(() -> defaults.withMaxEntryBytes(0))
                .hasMessage("maxEntryBytes must be in [1, 1073741824], got 0");
        assertThatThrownBy(() -> defaults.withReaderQueueSize(0))
                .hasMessage("readerQueueSize must be in [1, 100000], got 0");
        assertThatThrownBy(() -> defaults.withServiceUrl(null)).isInstanceOf(NullPointerException.class);
    }
}
