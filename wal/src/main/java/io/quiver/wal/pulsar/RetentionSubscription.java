package io.quiver.wal.pulsar;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.MessageIdAdv;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;
import org.apache.pulsar.client.impl.MessageIdImpl;

/**
 * The durable subscription {@value #NAME} that holds every channel topic's data until Quiver releases it.
 *
 * <p>Its cursor starts at the earliest message and moves only when {@link #release} acknowledges
 * cumulatively, so the broker deletes a ledger only once all of its entries are released, whatever the
 * namespace's retention policy says. The subscription is {@link SubscriptionType#Failover}, so several Quiver
 * processes may hold it at once; its consumers never take messages (receiver queue 0) and are closed right
 * after use: a subscription stays when its last consumer leaves.
 */
final class RetentionSubscription {
    /** The name of the subscription on every channel topic. */
    static final String NAME = "quiver-retention";
    /** How long {@link #firstUnreleasedEntry} waits for the broker to deliver the first unreleased message. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final PulsarClient client;
    private final Duration timeout;

    RetentionSubscription(PulsarClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /** Creates the subscription on {@code topic} (and the topic) if it does not exist yet. */
    void create(String topic) throws PulsarClientException {
        subscribe(topic).close();
    }

    /**
     * Acknowledges every message of {@code topic} up to and including {@code upTo}, and waits for the broker to
     * confirm it. Acknowledging below the subscription's current position changes nothing.
     */
    void release(String topic, MessageId upTo) throws PulsarClientException {
        try (Consumer<byte[]> consumer = subscribe(topic)) {
            consumer.acknowledgeCumulativeAsync(upTo).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PulsarClientException.unwrap(e);
        } catch (Exception e) {
            throw PulsarClientException.unwrap(e);
        }
    }

    /**
     * The broker entry of the first message of {@code topic} the subscription has not released, found by
     * receiving it (and closing the consumer without acknowledging it, which leaves the subscription as it was).
     * Empty if the topic has no message, or none arrived within {@link #PROBE_TIMEOUT} (every message is released,
     * or another consumer of the subscription is active).
     */
    Optional<MessageId> firstUnreleasedEntry(String topic) throws PulsarClientException {
        try (Consumer<byte[]> consumer = subscribe(topic, 1)) {
            if (!(consumer.getLastMessageIds().get(0) instanceof MessageIdAdv last) || last.getEntryId() < 0) {
                return Optional.empty();
            }
            Message<byte[]> first = consumer.receive((int) PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (first == null || !(first.getMessageId() instanceof MessageIdAdv id)) {
                return Optional.empty();
            }
            return Optional.of(new MessageIdImpl(id.getLedgerId(), id.getEntryId(), -1));
        }
    }

    private Consumer<byte[]> subscribe(String topic) throws PulsarClientException {
        return subscribe(topic, 0);
    }

    private Consumer<byte[]> subscribe(String topic, int receiverQueueSize) throws PulsarClientException {
        return client.newConsumer(Schema.BYTES)
                .topic(topic)
                .subscriptionName(NAME)
                .subscriptionType(SubscriptionType.Failover)
                .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
                .receiverQueueSize(receiverQueueSize)
                .isAckReceiptEnabled(true)
                .acknowledgmentGroupTime(0, TimeUnit.MILLISECONDS)
                .subscribe();
    }
}
