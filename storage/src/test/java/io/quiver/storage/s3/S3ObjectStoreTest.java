package io.quiver.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What needs no S3 server; the contract and the rest run against S3Proxy in {@code S3ObjectStoreIT}. */
class S3ObjectStoreTest {
    @Test
    void openingAnUnreachableServerIsRetriableAndNamesEndpointAndBucket() throws IOException {
        URI endpoint = URI.create("http://127.0.0.1:" + unusedPort());
        S3ObjectStoreConfig config = S3ObjectStoreConfig.defaults(endpoint, "quiver-data")
                .withCredentials("access", "secret")
                .withTimeout(Duration.ofSeconds(2));

        long start = System.nanoTime();
        assertThatThrownBy(() -> S3ObjectStore.open(config))
                .isInstanceOfSatisfying(QuiverException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.code().retriable()).isTrue();
                })
                .hasMessageContaining("bucket 'quiver-data'")
                .hasMessageContaining(endpoint.toString());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void openingWithoutCredentialsFailsBeforeAnyRequest() {
        S3ObjectStoreConfig config = S3ObjectStoreConfig.defaults(URI.create("http://127.0.0.1:1"), "quiver-data");

        assertThatThrownBy(() -> S3ObjectStore.open(config, Map.of()))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("AWS_ACCESS_KEY_ID");
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
