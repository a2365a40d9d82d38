package io.quiver.wal.pulsar;

import static java.util.Objects.requireNonNull;

import io.quiver.common.QuiverException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Settings of a {@link PulsarWriteAheadLog}.
 *
 * @param serviceUrl the broker service URL, {@code pulsar://host:port} or {@code pulsar+ssl://host:port}
 * @param tenant the Pulsar tenant of the channel topics
 * @param namespace the namespace (within {@code tenant}) of the channel topics
 * @param topicPrefix prepended to the channel name to make the topic name; may be empty
 * @param sendTimeout an append fails (UNAVAILABLE, retriable) if the broker has not acknowledged it within
 *     this time; also the timeout of the client's other operations (lookups, creating producers and readers)
 * @param batchingDelay how long the producer waits to gather appends into one broker entry; {@link
 *     Duration#ZERO} disables batching
 * @param maxEntryBytes the largest payload one append may carry; every entry is one Pulsar message, so this must
 *     stay below the broker's {@code maxMessageSize} (Pulsar's default is 5 MiB)
 * @param readerQueueSize how many messages a reader prefetches from the broker
 */
public record PulsarWalConfig(
        String serviceUrl,
        String tenant,
        String namespace,
        String topicPrefix,
        Duration sendTimeout,
        Duration batchingDelay,
        int maxEntryBytes,
        int readerQueueSize) {
    public static final String DEFAULT_SERVICE_URL = "pulsar://127.0.0.1:6650";
    public static final String DEFAULT_TENANT = "public";
    public static final String DEFAULT_NAMESPACE = "default";
    public static final String DEFAULT_TOPIC_PREFIX = "quiver-";
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_BATCHING_DELAY = Duration.ofMillis(1);
    public static final int DEFAULT_MAX_ENTRY_BYTES = 4 << 20;
    public static final int DEFAULT_READER_QUEUE_SIZE = 32;
    /** The largest {@link #maxEntryBytes()} accepted (a BookKeeper entry cannot be much larger). */
    public static final int MAX_ENTRY_BYTES_LIMIT = 1 << 30;

    /** Pulsar's rule for tenant and namespace names. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.=:-]{1,100}");

    private static final Pattern TOPIC_PREFIX = Pattern.compile("[A-Za-z0-9_.-]{0,100}");

    public PulsarWalConfig {
        requireNonNull(serviceUrl, "serviceUrl");
        requireNonNull(tenant, "tenant");
        requireNonNull(namespace, "namespace");
        requireNonNull(topicPrefix, "topicPrefix");
        requireNonNull(sendTimeout, "sendTimeout");
        requireNonNull(batchingDelay, "batchingDelay");
        QuiverException.check(
                serviceUrl.startsWith("pulsar://") || serviceUrl.startsWith("pulsar+ssl://"),
                "serviceUrl must start with pulsar:// or pulsar+ssl://, got '%s'",
                serviceUrl);
        QuiverException.check(
                NAME.matcher(tenant).matches(), "invalid Pulsar tenant '%s': it must match %s", tenant, NAME);
        QuiverException.check(
                NAME.matcher(namespace).matches(), "invalid Pulsar namespace '%s': it must match %s", namespace, NAME);
        QuiverException.check(
                TOPIC_PREFIX.matcher(topicPrefix).matches(),
                "invalid topic prefix '%s': it must match %s",
                topicPrefix,
                TOPIC_PREFIX);
        QuiverException.check(
                sendTimeout.compareTo(Duration.ofMillis(1)) >= 0
                        && sendTimeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) <= 0,
                "sendTimeout must be in [1ms, %dms], got %s",
                Integer.MAX_VALUE,
                sendTimeout);
        QuiverException.check(
                !batchingDelay.isNegative() && batchingDelay.compareTo(Duration.ofSeconds(1)) <= 0,
                "batchingDelay must be in [0, 1s], got %s",
                batchingDelay);
        QuiverException.check(
                maxEntryBytes > 0 && maxEntryBytes <= MAX_ENTRY_BYTES_LIMIT,
                "maxEntryBytes must be in [1, %d], got %d",
                MAX_ENTRY_BYTES_LIMIT,
                maxEntryBytes);
        QuiverException.check(
                readerQueueSize > 0 && readerQueueSize <= 100_000,
                "readerQueueSize must be in [1, 100000], got %d",
                readerQueueSize);
    }

    /**
     * The defaults: the broker on {@value #DEFAULT_SERVICE_URL}, topics {@code
     * persistent://public/default/quiver-<channel>}, 30 s send timeout, 1 ms batching delay, entries up to 4 MiB,
     * readers prefetching 256 messages.
     */
    public static PulsarWalConfig defaults() {
        return new PulsarWalConfig(
                DEFAULT_SERVICE_URL,
                DEFAULT_TENANT,
                DEFAULT_NAMESPACE,
                DEFAULT_TOPIC_PREFIX,
                DEFAULT_SEND_TIMEOUT,
                DEFAULT_BATCHING_DELAY,
                DEFAULT_MAX_ENTRY_BYTES,
                DEFAULT_READER_QUEUE_SIZE);
    }

    /** The persistent topic that holds {@code channel}. */
    public String topic(String channel) {
        return "persistent://" + tenant + "/" + namespace + "/" + topicPrefix + channel;
    }

    public PulsarWalConfig withServiceUrl(String serviceUrl) {
        return new PulsarWalConfig(
                serviceUrl, tenant, namespace, topicPrefix, sendTimeout, batchingDelay, maxEntryBytes, readerQueueSize);
    }

    public PulsarWalConfig withNamespace(String tenant, String namespace) {
        return new PulsarWalConfig(
                serviceUrl, tenant, namespace, topicPrefix, sendTimeout, batchingDelay, maxEntryBytes, readerQueueSize);
    }

    public PulsarWalConfig withTopicPrefix(String topicPrefix) {
        return new PulsarWalConfig(
                serviceUrl, tenant, namespace, topicPrefix, sendTimeout, batchingDelay, maxEntryBytes, readerQueueSize);
    }

    public PulsarWalConfig withSendTimeout(Duration sendTimeout) {
        return new PulsarWalConfig(
                serviceUrl, tenant, namespace, topicPrefix, sendTimeout, batchingDelay, maxEntryBytes, readerQueueSize);
    }

    public PulsarWalConfig withBatchingDelay(Duration batchingDelay) {
        return new PulsarWalConfig(
                serviceUrl, tenant, namespace, topicPrefix, sendTimeout, batchingDelay, maxEntryBytes, readerQueueSize);
    }

    public PulsarWalConfig withMaxEntryBytes(int maxEntryBytes) {
        return new PulsarWalConfig(
                serviceUrl, tenant, namespace, topicPrefix, sendTimeout, batchingDelay, maxEntryBytes, readerQueueSize);
    }

    public PulsarWalConfig withReaderQueueSize(int readerQueueSize) {
        return new PulsarWalConfig(
                serviceUrl, tenant, namespace, topicPrefix, sendTimeout, batchingDelay, maxEntryBytes, readerQueueSize);
    }
}
