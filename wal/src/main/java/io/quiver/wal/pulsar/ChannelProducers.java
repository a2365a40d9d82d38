package io.quiver.wal.pulsar;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.CompressionType;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.ProducerAccessMode;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One producer per channel topic, created on the channel's first append, right after the topic's {@link
 * RetentionSubscription}: no message reaches a topic before the subscription that retains it exists.
 */
final class ChannelProducers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelProducers.class);

    private final PulsarClient client;
    private final PulsarWalConfig config;
    private final RetentionSubscription retention;
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    private volatile boolean closed;

    ChannelProducers(PulsarClient client, PulsarWalConfig config, RetentionSubscription retention) {
        this.client = client;
        this.config = config;
        this.retention = retention;
    }

    /**
     * The producer of {@code channel}. The first call of a channel blocks while the retention subscription and
     * the producer are set up (at most about two send timeouts); a failed setup is retried by the next call.
     */
    Producer<byte[]> producer(String channel) throws PulsarClientException {
        return slots.computeIfAbsent(channel, Slot::new).producer();
    }

    /** Forgets {@code producer} of {@code channel} if it is still the current one; the next append makes another. */
    void discard(String channel, Producer<byte[]> producer) {
        Slot slot = slots.get(channel);
        if (slot != null && slot.discard(producer)) {
            LOG.warn("Discarded the producer of channel '{}' (topic {}): it is closed", channel, producer.getTopic());
            producer.closeAsync();
        }
    }

    /**
     * Waits (up to the send timeout) for every producer to have its pending messages acknowledged, then closes
     * them. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        List<Producer<byte[]>> producers = new ArrayList<>();
        for (Slot slot : slots.values()) {
            slot.take().ifPresent(producers::add);
        }
        for (Producer<byte[]> producer : producers) {
            try {
                producer.flushAsync().get(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn(
                        "Pending appends to topic {} did not complete before closing: {}",
                        producer.getTopic(),
                        e.toString());
            }
            try {
                producer.close();
            } catch (PulsarClientException e) {
                LOG.warn("Cannot close the producer of topic {}: {}", producer.getTopic(), e.toString());
            }
        }
    }

    private Producer<byte[]> create(String channel) throws PulsarClientException {
        String topic = config.topic(channel);
        retention.create(topic);
        boolean batching = !config.batchingDelay().isZero();
        Producer<byte[]> producer = client.newProducer(Schema.BYTES)
                .topic(topic)
                .accessMode(ProducerAccessMode.Shared)
                .sendTimeout((int) config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .blockIfQueueFull(true)
                .compressionType(CompressionType.NONE)
                .enableBatching(batching)
                .batchingMaxPublishDelay(batching ? config.batchingDelay().toNanos() / 1000 : 1, TimeUnit.MICROSECONDS)
                .create();
        LOG.info(
                "Producing to channel '{}' on topic {} as {} (retention subscription {})",
                channel,
                topic,
                producer.getProducerName(),
                RetentionSubscription.NAME);
        return producer;
    }

    /** The producer of one channel, made at most once at a time. */
    private final class Slot {
        private final String channel;
        private Producer<byte[]> producer;

        Slot(String channel) {
            this.channel = channel;
        }

        synchronized Producer<byte[]> producer() throws PulsarClientException {
            if (closed) {
                throw new PulsarClientException.AlreadyClosedException("the write-ahead log is closed");
            }
            if (producer == null) {
                producer = create(channel);
            }
            return producer;
        }

        synchronized boolean discard(Producer<byte[]> old) {
            if (producer != old) {
                return false;
            }
            producer = null;
            return true;
        }

        synchronized Optional<Producer<byte[]>> take() {
            Producer<byte[]> taken = producer;
            producer = null;
            return Optional.ofNullable(taken);
        }
    }
}
