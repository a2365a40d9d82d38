package io.quiver.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class S3ObjectStoreConfigTest {
    private static final URI ENDPOINT = URI.create("http://127.0.0.1:9000");

    @Test
    void hasDocumentedDefaults() {
        S3ObjectStoreConfig config = S3ObjectStoreConfig.defaults(ENDPOINT, "quiver-data");

        assertThat(config.endpoint()).isEqualTo(ENDPOINT);
        assertThat(config.region()).isEqualTo("us-east-1");
        assertThat(config.bucket()).isEqualTo("quiver-data");
        assertThat(config.accessKey()).isNull();
        assertThat(config.secretKey()).isNull();
        assertThat(config.keyPrefix()).isEmpty();
        assertThat(config.partSizeBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void withersChangeOneSetting() {
        S3ObjectStoreConfig config = S3ObjectStoreConfig.defaults(ENDPOINT, "quiver-data")
                .withRegion("eu-west-1")
                .withBucket("other.bucket")
                .withCredentials("access", "secret")
                .withKeyPrefix("cluster-1/objects")
                .withPartSizeBytes(5L << 20)
                .withTimeout(Duration.ofSeconds(3));

        assertThat(config)
                .isEqualTo(new S3ObjectStoreConfig(
                        ENDPOINT,
                        "eu-west-1",
                        "other.bucket",
                        "access",
                        "secret",
                        "cluster-1/objects",
                        5L << 20,
                        Duration.ofSeconds(3)));
    }

    @Test
    void credentialsOfTheConfigWinOverTheEnvironment() {
        S3ObjectStoreConfig config = defaults().withCredentials("config-access", "config-secret");

        S3ObjectStoreConfig.Credentials credentials =
                config.credentials(Map.of("AWS_ACCESS_KEY_ID", "env-access", "AWS_SECRET_ACCESS_KEY", "env-secret"));

        assertThat(credentials).isEqualTo(new S3ObjectStoreConfig.Credentials("config-access", "config-secret"));
    }

    @Test
    void missingCredentialsComeFromTheEnvironment() {
        S3ObjectStoreConfig.Credentials credentials = defaults()
                .credentials(Map.of("AWS_ACCESS_KEY_ID", "env-access", "AWS_SECRET_ACCESS_KEY", "env-secret"));

        assertThat(credentials).isEqualTo(new S3ObjectStoreConfig.Credentials("env-access", "env-secret"));
    }

    @Test
    void credentialsMissingEverywhereAreRejectedNamingTheVariables() {
        assertInvalid(
                () -> defaults().credentials(Map.of()),
                "no S3 credentials for bucket 'quiver-data' at http://127.0.0.1:9000: set accessKey and secretKey in"
                        + " the config or the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
                        + " (AWS_ACCESS_KEY_ID is not set)");
        assertInvalid(
                () -> defaults().credentials(Map.of("AWS_ACCESS_KEY_ID", "env-access", "AWS_SECRET_ACCESS_KEY", " ")),
                "(AWS_SECRET_ACCESS_KEY is not set)");
    }

    @Test
    void secretKeyIsNeverPrinted() {
        S3ObjectStoreConfig config = defaults().withCredentials("visible-access", "hidden-secret");

        assertThat(config.toString()).contains("visible-access").doesNotContain("hidden-secret");
        assertThat(config.credentials(Map.of()).toString())
                .contains("visible-access")
                .doesNotContain("hidden-secret");
    }

    @Test
    void missingEndpointOrBucketIsRejectedClearly() {
        assertInvalid(
                () -> S3ObjectStoreConfig.defaults(null, "quiver-data"),
                "S3 endpoint must be set (e.g. http://127.0.0.1:9000)");
        assertInvalid(
                () -> S3ObjectStoreConfig.defaults(ENDPOINT, null),
                "S3 bucket must be set for endpoint http://127.0.0.1:9000");
        assertInvalid(
                () -> S3ObjectStoreConfig.defaults(ENDPOINT, " "),
                "S3 bucket must be set for endpoint http://127.0.0.1:9000");
    }

    @Test
    void malformedSettingsAreRejected() {
        assertInvalid(
                () -> S3ObjectStoreConfig.defaults(URI.create("ftp://host"), "quiver-data"),
                "S3 endpoint 'ftp://host' must be an http:// or https:// URL with a host");
        assertInvalid(
                () -> S3ObjectStoreConfig.defaults(URI.create("http://host:9000/path"), "quiver-data"),
                "S3 endpoint 'http://host:9000/path' must be a base URL without user info, path, query or fragment");
        assertInvalid(() -> defaults().withBucket("Upper_Case"), "S3 bucket name 'Upper_Case' is invalid");
        assertInvalid(() -> defaults().withBucket("ab"), "S3 bucket name 'ab' is invalid");
        assertInvalid(() -> defaults().withRegion(""), "S3 region must be set");
        assertInvalid(
                () -> defaults().withCredentials("access", null),
                "S3 accessKey and secretKey must be set together or both left out"
                        + " (to read AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY); only the accessKey is set");
        assertInvalid(() -> defaults().withKeyPrefix("a//b"), "invalid object key 'a//b'");
        assertInvalid(() -> defaults().withKeyPrefix("trailing/"), "invalid object key 'trailing/'");
        assertInvalid(
                () -> defaults().withPartSizeBytes((5L << 20) - 1),
                "S3 partSizeBytes must be in [5242880, 5368709120] (5 MiB to 5 GiB), got 5242879");
        assertInvalid(() -> defaults().withTimeout(Duration.ZERO), "S3 timeout must be positive, got PT0S");
    }

    private static S3ObjectStoreConfig defaults() {
        return S3ObjectStoreConfig.defaults(ENDPOINT, "quiver-data");
    }

    private static void assertInvalid(ThrowingCallable call, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining(message);
    }
}
