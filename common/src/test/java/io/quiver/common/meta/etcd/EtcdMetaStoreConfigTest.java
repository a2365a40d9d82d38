package io.quiver.common.meta.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EtcdMetaStoreConfigTest {
    @Test
    void defaults() {
        EtcdMetaStoreConfig config = EtcdMetaStoreConfig.defaults();

        assertThat(config.endpoints()).containsExactly("http://127.0.0.1:2379");
        assertThat(config.namespace()).isEqualTo("quiver/");
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.maxInboundMessageBytes()).isEqualTo(16 * 1024 * 1024);
    }

    @Test
    void withersChangeOneSetting() {
        EtcdMetaStoreConfig config = EtcdMetaStoreConfig.defaults()
                .withEndpoints(List.of("http://127.0.0.1:1", "http://127.0.0.1:2"))
                .withNamespace("")
                .withRequestTimeout(Duration.ofMillis(250))
                .withMaxInboundMessageBytes(4 << 20);

        assertThat(config)
                .isEqualTo(new EtcdMetaStoreConfig(
                        List.of("http://127.0.0.1:1", "http://127.0.0.1:2"), "", Duration.ofMillis(250), 4 << 20));
    }

    @Test
    void rejectsSettingsOutOfRange() {
        EtcdMetaStoreConfig defaults = EtcdMetaStoreConfig.defaults();

        assertThatThrownBy(() -> defaults.withEndpoints(List.of()))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("etcd endpoints must not be empty");
        assertThatThrownBy(() -> defaults.withEndpoints(List.of("127.0.0.1:2379")))
                .hasMessageStartingWith("etcd endpoint '127.0.0.1:2379' is not a URL: ");
        assertThatThrownBy(() -> defaults.withEndpoints(List.of("tcp://127.0.0.1:2379")))
                .hasMessage("etcd endpoint 'tcp://127.0.0.1:2379' is not of the form http://host:port");
        assertThatThrownBy(() -> defaults.withEndpoints(List.of("https://127.0.0.1:2379")))
                .hasMessage("etcd endpoint 'https://127.0.0.1:2379' is not of the form http://host:port");
        assertThatThrownBy(() -> defaults.withEndpoints(List.of("http://127.0.0.1")))
                .hasMessage("etcd endpoint 'http://127.0.0.1' is not of the form http://host:port");
        assertThatThrownBy(() -> defaults.withRequestTimeout(Duration.ZERO))
                .hasMessage("requestTimeout must be positive: PT0S");
        assertThatThrownBy(() -> defaults.withMaxInboundMessageBytes((4 << 20) - 1))
                .hasMessage("maxInboundMessageBytes 4194303 is below the minimum 4194304");
    }

    @Test
    void endpointsAreCopied() {
        List<String> endpoints = new java.util.ArrayList<>(List.of("http://127.0.0.1:2379"));
        EtcdMetaStoreConfig config = EtcdMetaStoreConfig.defaults().withEndpoints(endpoints);
        endpoints.add("http://127.0.0.1:2380");

        assertThat(config.endpoints()).containsExactly("http://127.0.0.1:2379");
    }
}
