package io.quiver.common.meta.etcd;

import static java.util.Objects.requireNonNull;

import io.quiver.common.QuiverException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Settings of an {@link EtcdMetaStore}.
 *
 * @param endpoints etcd client URLs, such as {@code http://127.0.0.1:2379}; plain http only
 * @param namespace prepended to every key, so several clusters (or tests) can share one etcd; callers never
 *     see it. May be empty.
 * @param requestTimeout how long one call may take, retries included, before it fails with
 *     {@link io.quiver.common.ErrorCode#UNAVAILABLE}
 * @param maxInboundMessageBytes the largest response the client accepts (gRPC's default is 4 MiB); ranges
 *     are read in pages that fit it
 */
public record EtcdMetaStoreConfig(
        List<String> endpoints, String namespace, Duration requestTimeout, int maxInboundMessageBytes) {
    public static final List<String> DEFAULT_ENDPOINTS = List.of("http://127.0.0.1:2379");
    public static final String DEFAULT_NAMESPACE = "quiver/";
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_INBOUND_MESSAGE_BYTES = 16 << 20;
    /** etcd accepts requests of up to 1.5 MiB by default: one key must fit in a response. */
    public static final int MIN_MAX_INBOUND_MESSAGE_BYTES = 4 << 20;

    public EtcdMetaStoreConfig {
        requireNonNull(endpoints, "endpoints");
        requireNonNull(namespace, "namespace");
        requireNonNull(requestTimeout, "requestTimeout");
        endpoints = List.copyOf(endpoints);
        QuiverException.check(!endpoints.isEmpty(), "etcd endpoints must not be empty");
        endpoints.forEach(EtcdMetaStoreConfig::checkEndpoint);
        QuiverException.check(requestTimeout.isPositive(), "requestTimeout must be positive: %s", requestTimeout);
        QuiverException.check(
                maxInboundMessageBytes >= MIN_MAX_INBOUND_MESSAGE_BYTES,
                "maxInboundMessageBytes %d is below the minimum %d",
                maxInboundMessageBytes,
                MIN_MAX_INBOUND_MESSAGE_BYTES);
    }

    public static EtcdMetaStoreConfig defaults() {
        return new EtcdMetaStoreConfig(
                DEFAULT_ENDPOINTS, DEFAULT_NAMESPACE, DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_INBOUND_MESSAGE_BYTES);
    }

    public EtcdMetaStoreConfig withEndpoints(List<String> newEndpoints) {
        return new EtcdMetaStoreConfig(newEndpoints, namespace, requestTimeout, maxInboundMessageBytes);
    }

    public EtcdMetaStoreConfig withNamespace(String newNamespace) {
        return new EtcdMetaStoreConfig(endpoints, newNamespace, requestTimeout, maxInboundMessageBytes);
    }

    public EtcdMetaStoreConfig withRequestTimeout(Duration timeout) {
        return new EtcdMetaStoreConfig(endpoints, namespace, timeout, maxInboundMessageBytes);
    }

    public EtcdMetaStoreConfig withMaxInboundMessageBytes(int bytes) {
        return new EtcdMetaStoreConfig(endpoints, namespace, requestTimeout, bytes);
    }

    private static void checkEndpoint(String endpoint) {
        requireNonNull(endpoint, "endpoint");
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (java.net.URISyntaxException e) {
            throw QuiverException.invalid("etcd endpoint '%s' is not a URL: %s", endpoint, e.getMessage());
        }
        QuiverException.check(
                "http".equals(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0,
                "etcd endpoint '%s' is not of the form http://host:port",
                endpoint);
    }
}
