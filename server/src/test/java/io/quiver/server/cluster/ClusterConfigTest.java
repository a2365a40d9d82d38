package io.quiver.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterConfigTest {
    @TempDir
    Path directory;

    @Test
    void defaultsPointAtLocalServices() {
        ClusterConfig config = ClusterConfig.load(Optional.empty(), Map.of());

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.rpcPort()).isZero();
        assertThat(config.milvusPort()).isEqualTo(19530);
        assertThat(config.etcdEndpoints()).containsExactly("http://127.0.0.1:2379");
        assertThat(config.pulsarServiceUrl()).isEqualTo("pulsar://127.0.0.1:6650");
        assertThat(config.channels()).isEqualTo(4);
        assertThat(config.s3Bucket()).isEqualTo("quiver");
        assertThat(config.sessionTtl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.nodeIdOr("proxy", 7000)).isEqualTo("proxy-127.0.0.1-7000");
    }

    @Test
    void theEnvironmentOverridesTheFileWhichOverridesTheDefaults() throws IOException {
        Path file = write("node.id=proxy-1\nmilvus.port=19531\netcd.endpoints=http://127.0.0.1:1, http://127.0.0.1:2\n"
                + "session.ttl=6s\nread.timeout=1500ms\n");

        ClusterConfig config = ClusterConfig.load(
                Optional.of(file),
                Map.of("QUIVER_MILVUS_PORT", "19532", "AWS_ACCESS_KEY_ID", "ak", "AWS_SECRET_ACCESS_KEY", "sk"));

        assertThat(config.nodeId()).isEqualTo("proxy-1");
        assertThat(config.milvusPort()).isEqualTo(19532);
        assertThat(config.etcdEndpoints()).isEqualTo(List.of("http://127.0.0.1:1", "http://127.0.0.1:2"));
        assertThat(config.sessionTtl()).isEqualTo(Duration.ofSeconds(6));
        assertThat(config.readTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.s3AccessKey()).isEqualTo("ak");
        assertThat(config.s3SecretKey()).isEqualTo("sk");
        assertThat(ClusterConfig.environmentName("pulsar.service-url")).isEqualTo("QUIVER_PULSAR_SERVICE_URL");
    }

    @Test
    void badValuesAndUnknownKeysAreRejectedByName() throws IOException {
        assertInvalid(write("etcd.endpoint=http://x\n"), "unknown config keys [etcd.endpoint]");
        assertInvalid(write("rpc.port=99999\n"), "rpc.port 99999");
        assertInvalid(write("wal.channels=many\n"), "wal.channels must be a whole number, not 'many'");
        assertInvalid(write("session.ttl=1s\n"), "session.ttl PT1S is shorter than 2 s");
        assertInvalid(write("read.timeout=soon\n"), "read.timeout must be a duration");
        assertThatThrownBy(() -> ClusterConfig.load(Optional.of(directory.resolve("missing.properties")), Map.of()))
                .isInstanceOf(QuiverException.class)
                .hasMessageContaining("cannot read config file");
    }

    private void assertInvalid(Path file, String message) {
        assertThatThrownBy(() -> ClusterConfig.load(Optional.of(file), Map.of()))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining(message);
    }

    private Path write(String text) throws IOException {
        Path file = Files.createTempFile(directory, "cluster", ".properties");
        Files.writeString(file, text);
        return file;
    }
}
