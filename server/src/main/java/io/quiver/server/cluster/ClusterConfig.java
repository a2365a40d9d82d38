package io.quiver.server.cluster;

import static java.util.Objects.requireNonNull;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Settings of a cluster process ({@code quiver coordinator|proxy|writenode|querynode --config FILE}):
 * a Java properties file, where every key can be overridden by an environment variable named
 * {@code QUIVER_} + the key in upper case with {@code .} and {@code -} as {@code _} (so
 * {@code etcd.endpoints} is {@code QUIVER_ETCD_ENDPOINTS}). Unknown keys are rejected so a typo does not
 * silently fall back to a default. S3 credentials may also come from {@code AWS_ACCESS_KEY_ID} and
 * {@code AWS_SECRET_ACCESS_KEY}.
 *
 * @param nodeId this process's id in the cluster, unique per role
 * @param host the address other processes reach this one at (also the address it listens on)
 * @param rpcPort internal RPC port (0: pick a free one)
 * @param milvusPort Milvus API port of a proxy
 * @param etcdEndpoints etcd client URLs
 * @param etcdNamespace key prefix of this cluster in etcd
 * @param pulsarServiceUrl Pulsar broker URL
 * @param pulsarTenant Pulsar tenant of this cluster's topics
 * @param pulsarNamespace Pulsar namespace of this cluster's topics
 * @param pulsarTopicPrefix prefix of this cluster's topic names
 * @param channels number of physical WAL channels; fixed when the cluster first starts
 * @param s3Endpoint S3 endpoint URL
 * @param s3Region S3 region
 * @param s3Bucket bucket of binlogs and index files (created if missing)
 * @param s3AccessKey S3 access key
 * @param s3SecretKey S3 secret key
 * @param sessionTtl how long a silent process keeps its work before the cluster moves it
 * @param readTimeout how long a read waits for shards to reach its consistency timestamp
 */
public record ClusterConfig(
        String nodeId,
        String host,
        int rpcPort,
        int milvusPort,
        List<String> etcdEndpoints,
        String etcdNamespace,
        String pulsarServiceUrl,
        String pulsarTenant,
        String pulsarNamespace,
        String pulsarTopicPrefix,
        int channels,
        String s3Endpoint,
        String s3Region,
        String s3Bucket,
        String s3AccessKey,
        String s3SecretKey,
        Duration sessionTtl,
        Duration readTimeout) {

    static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("node.id", ""),
            Map.entry("host", "127.0.0.1"),
            Map.entry("rpc.port", "0"),
            Map.entry("milvus.port", "19530"),
            Map.entry("etcd.endpoints", "http://127.0.0.1:2379"),
            Map.entry("etcd.namespace", "quiver/"),
            Map.entry("pulsar.service-url", "pulsar://127.0.0.1:6650"),
            Map.entry("pulsar.tenant", "public"),
            Map.entry("pulsar.namespace", "default"),
            Map.entry("pulsar.topic-prefix", "quiver-"),
            Map.entry("wal.channels", "4"),
            Map.entry("s3.endpoint", "http://127.0.0.1:9000"),
            Map.entry("s3.region", "us-east-1"),
            Map.entry("s3.bucket", "quiver"),
            Map.entry("s3.access-key", ""),
            Map.entry("s3.secret-key", ""),
            Map.entry("session.ttl", "10s"),
            Map.entry("read.timeout", "30s"));

    public ClusterConfig {
        requireNonNull(nodeId, "nodeId");
        requireNonNull(host, "host");
        etcdEndpoints = List.copyOf(etcdEndpoints);
        requireNonNull(sessionTtl, "sessionTtl");
        requireNonNull(readTimeout, "readTimeout");
        check(!etcdEndpoints.isEmpty(), "etcd.endpoints is empty");
        check(rpcPort >= 0 && rpcPort <= 65_535, "rpc.port %d is not 0 to 65535", rpcPort);
        check(milvusPort >= 0 && milvusPort <= 65_535, "milvus.port %d is not 0 to 65535", milvusPort);
        check(channels >= 1 && channels <= 1_024, "wal.channels %d is not 1 to 1024", channels);
        check(sessionTtl.toSeconds() >= 2, "session.ttl %s is shorter than 2 s", sessionTtl);
    }

    /** The defaults, overridden by the file (if any) and then by the environment. */
    public static ClusterConfig load(Optional<Path> file, Map<String, String> environment) {
        Properties properties = new Properties();
        file.ifPresent(path -> {
            try (Reader reader = Files.newBufferedReader(path)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new QuiverException(
                        ErrorCode.INVALID_ARGUMENT, "cannot read config file " + path + ": " + e.getMessage());
            }
        });
        Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
        unknown.removeAll(DEFAULTS.keySet());
        check(
                unknown.isEmpty(),
                "unknown config keys %s; known keys are %s",
                unknown,
                new TreeSet<>(DEFAULTS.keySet()));
        return from(
                key -> Optional.ofNullable(environment.get(environmentName(key)))
                        .or(() -> Optional.ofNullable(properties.getProperty(key)))
                        .orElse(DEFAULTS.get(key))
                        .trim(),
                environment);
    }

    /** {@code QUIVER_ETCD_ENDPOINTS} for {@code etcd.endpoints}. */
    public static String environmentName(String key) {
        return "QUIVER_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static ClusterConfig from(java.util.function.Function<String, String> value, Map<String, String> env) {
        String accessKey = value.apply("s3.access-key");
        String secretKey = value.apply("s3.secret-key");
        return new ClusterConfig(
                value.apply("node.id"),
                value.apply("host"),
                integer(value, "rpc.port"),
                integer(value, "milvus.port"),
                Arrays.stream(value.apply("etcd.endpoints").split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList(),
                value.apply("etcd.namespace"),
                value.apply("pulsar.service-url"),
                value.apply("pulsar.tenant"),
                value.apply("pulsar.namespace"),
                value.apply("pulsar.topic-prefix"),
                integer(value, "wal.channels"),
                value.apply("s3.endpoint"),
                value.apply("s3.region"),
                value.apply("s3.bucket"),
                accessKey.isEmpty() ? env.getOrDefault("AWS_ACCESS_KEY_ID", "") : accessKey,
                secretKey.isEmpty() ? env.getOrDefault("AWS_SECRET_ACCESS_KEY", "") : secretKey,
                duration(value, "session.ttl"),
                duration(value, "read.timeout"));
    }

    /** This process's node id: the configured one, or {@code role-host-port}. */
    public String nodeIdOr(String role, int port) {
        return nodeId.isEmpty() ? role + "-" + host + "-" + port : nodeId;
    }

    private static int integer(java.util.function.Function<String, String> value, String key) {
        String text = value.apply(key);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, key + " must be a whole number, not '" + text + "'");
        }
    }

    /** {@code 500ms}, {@code 10s}, {@code 2m}. */
    static Duration duration(java.util.function.Function<String, String> value, String key) {
        String text = value.apply(key).toLowerCase(Locale.ROOT);
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            } else if (text.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            } else if (text.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new QuiverException(
                ErrorCode.INVALID_ARGUMENT, key + " must be a duration like 500ms, 10s or 2m, not '" + text + "'");
    }

    private static void check(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT, "invalid cluster config: " + String.format(format, args));
        }
    }
}
