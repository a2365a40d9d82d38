package io.quiver.coordinator.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RemoteCoordinatorConfigTest {
    @Test
    void defaults() {
        RemoteCoordinatorConfig config = RemoteCoordinatorConfig.DEFAULTS;

        assertThat(config.callTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.flushTimeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(config.failoverTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.retryBackoff()).isEqualTo(Duration.ofMillis(50));
        assertThat(config.reportInterval()).isEqualTo(Duration.ofMillis(20));
        assertThat(config.writeLease()).isEqualTo(Duration.ofSeconds(2));
        assertThat(RemoteWriters.DEFAULT_EXPIRE_AFTER)
                .as("the leader keeps a silent writer well past its write lease")
                .isGreaterThan(config.writeLease().multipliedBy(2));
    }

    @Test
    void rejectsDurationsThatCannotWork() {
        Duration ms = Duration.ofMillis(1);
        assertThatThrownBy(() -> new RemoteCoordinatorConfig(Duration.ZERO, ms, ms, ms, ms, ms))
                .hasMessageContaining("callTimeout must be at least 1 ms");
        assertThatThrownBy(() -> new RemoteCoordinatorConfig(ms, ms, Duration.ofMillis(-1), ms, ms, ms))
                .hasMessageContaining("failoverTimeout must not be negative");
        assertThatThrownBy(() -> new RemoteCoordinatorConfig(ms, ms, ms, ms, Duration.ofNanos(10), ms))
                .hasMessageContaining("reportInterval must be at least 1 ms");
        assertThat(new RemoteCoordinatorConfig(ms, ms, Duration.ZERO, ms, ms, Duration.ofMillis(2)).failoverTimeout())
                .isZero();
        assertThatThrownBy(() -> new RemoteCoordinatorConfig(ms, ms, ms, ms, ms, Duration.ZERO))
                .hasMessageContaining("writeLease must be at least 1 ms");
    }
}
