package io.quiver.storage.s3;

import static java.util.Objects.requireNonNull;

import io.quiver.common.QuiverException;
import io.quiver.storage.ObjectKeys;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Settings of an {@link S3ObjectStore}.
 *
 * @param endpoint the S3 server's base URL, {@code http://host:port} or {@code https://host[:port]}
 * @param region the bucket's region, sent in request signatures ({@value #DEFAULT_REGION} by default)
 * @param bucket the bucket holding the objects; created by {@link S3ObjectStore#open} if missing
 * @param accessKey the access key, or {@code null} to read {@value #ACCESS_KEY_VARIABLE} from the environment
 * @param secretKey the secret key, or {@code null} to read {@value #SECRET_KEY_VARIABLE} from the environment;
 *     given together with {@code accessKey} or not at all
 * @param keyPrefix empty, or a valid object key under which every object of the store lives (the object
 *     {@code k} is {@code keyPrefix/k} in the bucket), so that several stores can share a bucket
 * @param partSizeBytes the part size of multipart uploads; a put of unknown length buffers one part in memory
 *     at a time, and a put of known length up to this size is a single request
 * @param timeout how long connecting, or one read or write on a connection, may take before the call fails
 */
public record S3ObjectStoreConfig(
        URI endpoint,
        String region,
        String bucket,
        String accessKey,
        String secretKey,
        String keyPrefix,
        long partSizeBytes,
        Duration timeout) {
    public static final String DEFAULT_REGION = "us-east-1";
    public static final long DEFAULT_PART_SIZE_BYTES = 16L << 20;
    /** The S3 limits on the size of a multipart upload's parts (the last part may be smaller). */
    public static final long MIN_PART_SIZE_BYTES = 5L << 20;

    public static final long MAX_PART_SIZE_BYTES = 5L << 30;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final String ACCESS_KEY_VARIABLE = "AWS_ACCESS_KEY_ID";
    public static final String SECRET_KEY_VARIABLE = "AWS_SECRET_ACCESS_KEY";

    /** S3's bucket naming rules: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit. */
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public S3ObjectStoreConfig {
        QuiverException.check(endpoint != null, "S3 endpoint must be set (e.g. http://127.0.0.1:9000)");
        checkEndpoint(endpoint);
        QuiverException.check(
                region != null && !region.isBlank(),
                "S3 region must be set for endpoint %s (e.g. us-east-1)",
                endpoint);
        QuiverException.check(bucket != null && !bucket.isBlank(), "S3 bucket must be set for endpoint %s", endpoint);
        QuiverException.check(
                BUCKET_NAME.matcher(bucket).matches() && !bucket.contains(".."),
                "S3 bucket name '%s' is invalid: it must be 3-63 lowercase letters, digits, '.' or '-', starting and"
                        + " ending with a letter or digit",
                bucket);
        QuiverException.check(
                (accessKey == null) == (secretKey == null),
                "S3 accessKey and secretKey must be set together or both left out (to read %s and %s); only the %s"
                        + " is set",
                ACCESS_KEY_VARIABLE,
                SECRET_KEY_VARIABLE,
                accessKey == null ? "secretKey" : "accessKey");
        QuiverException.check(
                accessKey == null || !accessKey.isBlank() && !secretKey.isBlank(),
                "S3 accessKey and secretKey must not be blank");
        requireNonNull(keyPrefix, "keyPrefix");
        if (!keyPrefix.isEmpty()) {
            ObjectKeys.validate(keyPrefix);
        }
        QuiverException.check(
                partSizeBytes >= MIN_PART_SIZE_BYTES && partSizeBytes <= MAX_PART_SIZE_BYTES,
                "S3 partSizeBytes must be in [%d, %d] (5 MiB to 5 GiB), got %d",
                MIN_PART_SIZE_BYTES,
                MAX_PART_SIZE_BYTES,
                partSizeBytes);
        requireNonNull(timeout, "timeout");
        QuiverException.check(
                !timeout.isNegative() && !timeout.isZero(), "S3 timeout must be positive, got %s", timeout);
    }

    /**
     * The defaults for a bucket: region {@value #DEFAULT_REGION}, credentials from the environment, no key
     * prefix, 16 MiB parts, 30 s timeout.
     */
    public static S3ObjectStoreConfig defaults(URI endpoint, String bucket) {
        return new S3ObjectStoreConfig(
                endpoint, DEFAULT_REGION, bucket, null, null, "", DEFAULT_PART_SIZE_BYTES, DEFAULT_TIMEOUT);
    }

    public S3ObjectStoreConfig withRegion(String region) {
        return new S3ObjectStoreConfig(
                endpoint, region, bucket, accessKey, secretKey, keyPrefix, partSizeBytes, timeout);
    }

    public S3ObjectStoreConfig withBucket(String bucket) {
        return new S3ObjectStoreConfig(
                endpoint, region, bucket, accessKey, secretKey, keyPrefix, partSizeBytes, timeout);
    }

    public S3ObjectStoreConfig withCredentials(String accessKey, String secretKey) {
        return new S3ObjectStoreConfig(
                endpoint, region, bucket, accessKey, secretKey, keyPrefix, partSizeBytes, timeout);
    }

    public S3ObjectStoreConfig withKeyPrefix(String keyPrefix) {
        return new S3ObjectStoreConfig(
                endpoint, region, bucket, accessKey, secretKey, keyPrefix, partSizeBytes, timeout);
    }

    public S3ObjectStoreConfig withPartSizeBytes(long partSizeBytes) {
        return new S3ObjectStoreConfig(
                endpoint, region, bucket, accessKey, secretKey, keyPrefix, partSizeBytes, timeout);
    }

    public S3ObjectStoreConfig withTimeout(Duration timeout) {
        return new S3ObjectStoreConfig(
                endpoint, region, bucket, accessKey, secretKey, keyPrefix, partSizeBytes, timeout);
    }

    /**
     * The credentials to sign requests with: those of this config, or else {@value #ACCESS_KEY_VARIABLE} and
     * {@value #SECRET_KEY_VARIABLE} from {@code environment}; throws {@code INVALID_ARGUMENT} if neither has both.
     */
    public Credentials credentials(Map<String, String> environment) {
        if (accessKey != null) {
            return new Credentials(accessKey, secretKey);
        }
        String access = environment.get(ACCESS_KEY_VARIABLE);
        String secret = environment.get(SECRET_KEY_VARIABLE);
        String missing = access == null || access.isBlank()
                ? ACCESS_KEY_VARIABLE
                : secret == null || secret.isBlank() ? SECRET_KEY_VARIABLE : null;
        QuiverException.check(
                missing == null,
                "no S3 credentials for bucket '%s' at %s: set accessKey and secretKey in the config or the"
                        + " environment variables %s and %s (%s is not set)",
                bucket,
                endpoint,
                ACCESS_KEY_VARIABLE,
                SECRET_KEY_VARIABLE,
                missing);
        return new Credentials(access, secret);
    }

    /** Never prints the secret key. */
    @Override
    public String toString() {
        return "S3ObjectStoreConfig[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket
                + ", accessKey=" + (accessKey == null ? "<from environment>" : accessKey)
                + ", secretKey=" + (secretKey == null ? "<from environment>" : "<redacted>")
                + ", keyPrefix='" + keyPrefix + "', partSizeBytes=" + partSizeBytes + ", timeout=" + timeout + "]";
    }

    private static void checkEndpoint(URI endpoint) {
        String scheme = endpoint.getScheme();
        QuiverException.check(
                ("http".equals(scheme) || "https".equals(scheme)) && endpoint.getHost() != null,
                "S3 endpoint '%s' must be an http:// or https:// URL with a host",
                endpoint);
        String path = endpoint.getRawPath();
        QuiverException.check(
                (path == null || path.isEmpty() || path.equals("/"))
                        && endpoint.getRawQuery() == null
                        && endpoint.getRawFragment() == null
                        && endpoint.getRawUserInfo() == null,
                "S3 endpoint '%s' must be a base URL without user info, path, query or fragment",
                endpoint);
    }

    /** An access key and secret key; {@link #toString()} never prints the secret. */
    public record Credentials(String accessKey, String secretKey) {
        public Credentials {
            requireNonNull(accessKey, "accessKey");
            requireNonNull(secretKey, "secretKey");
        }

        @Override
        public String toString() {
            return "Credentials[accessKey=" + accessKey + ", secretKey=<redacted>]";
        }
    }
}
