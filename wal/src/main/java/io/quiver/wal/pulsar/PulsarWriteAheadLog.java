package io.quiver.wal.pulsar;

import static java.util.Objects.requireNonNull;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.wal.LogPosition;
import io.quiver.wal.LogReader;
import io.quiver.wal.WriteAheadLog;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.MessageIdAdv;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Reader;
import org.apache.pulsar.client.api.ReaderBuilder;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SizeUnit;
import org.apache.pulsar.client.api.TopicMessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster {@link WriteAheadLog}: one persistent Pulsar topic per channel, {@code
 * persistent://<tenant>/<namespace>/<topicPrefix><channel>} (see {@link PulsarWalConfig}).
 *
 * <p><b>Appends</b> go through one producer per channel, shared by every thread of this process, so entries
 * appended from one thread are stored in call order. An append's future completes once the broker has
 * acknowledged the message, that is once the bookies have written it to their journals (with the namespace's
 * ack quorum), with the message's position; it completes on a thread of this log, never on a Pulsar I/O thread.
 * An append the broker has not acknowledged within the send timeout fails with UNAVAILABLE (retriable); as
 * with any remote log, such an entry may still have been stored. Every entry is one message: entries are not
 * chunked, and the broker's {@code maxMessageSize} (bookies: {@code nettyMaxFrameSizeBytes}) must exceed
 * {@link PulsarWalConfig#maxEntryBytes()}.
 *
 * <p><b>Positions</b> are message ids, encoded by {@link MessageIdPositions} so that byte order is log order.
 *
 * <p><b>Readers</b> use the Pulsar Reader API (a non-durable cursor) starting exclusively after the given
 * position. {@link LogPosition#BEGINNING} means the first entry not yet released by {@link #truncateBefore}: the
 * log finds it by receiving (without acknowledging) the first message of the retention subscription, and falls
 * back to the earliest message the broker still has if none arrives within a few seconds. Starting there, and not
 * at the earliest message, matters because the broker deletes released ledgers in the background: a reader
 * inside released data could find a ledger deleted under it and skip it. {@link #lastPosition} asks the broker
 * for the topic's last message id.
 *
 * <p><b>Retention: nothing is lost before it is released.</b> Before the first append of a channel (in each
 * process) the log creates the durable subscription {@value RetentionSubscription#NAME} on the topic, starting at
 * the earliest message. A topic with a subscription keeps every message the subscription has not acknowledged,
 * whatever the namespace's retention policy, so entries stay until {@link #truncateBefore} releases them: it
 * acknowledges cumulatively, on that subscription, up to the last whole broker entry before the given position
 * (messages of the position's own batch, and the first entry of a ledger, are kept: a backend may keep more than
 * asked). The broker then deletes each ledger all of whose entries are released (at its next ledger roll-over or
 * retention check); how long released data stays beyond that is the namespace's retention policy. Readers do not
 * hold data back. The namespace must not use a backlog quota that evicts the backlog, nor a subscription expiry
 * ({@code subscriptionExpirationTimeMinutes}), both of which would drop the subscription's hold.
 *
 * <p>{@link #close()} closes every reader, waits for pending appends (up to the send timeout), closes the producers
 * and the client.
 */
public final class PulsarWriteAheadLog implements WriteAheadLog {
    private static final Logger LOG = LoggerFactory.getLogger(PulsarWriteAheadLog.class);

    /** Letters, digits, '_', '.' and '-', 1 to 200 characters; not "." or "..". */
    public static final String CHANNEL_NAME_RULE = "[A-Za-z0-9_.-]{1,200}, not '.' or '..'";

    private static final Pattern CHANNEL_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,200}");

    private final PulsarWalConfig config;
    private final PulsarClient client;
    private final RetentionSubscription retention;
    private final ChannelProducers producers;
    private final ExecutorService completions;
    private final Set<PulsarLogReader> readers = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private PulsarWriteAheadLog(PulsarWalConfig config, PulsarClient client) {
        this.config = config;
        this.client = client;
        this.retention = new RetentionSubscription(client, config.sendTimeout());
        this.producers = new ChannelProducers(client, config, retention);
        this.completions = Executors.newSingleThreadExecutor(Thread.ofPlatform()
                .name("quiver-pulsar-wal-completions")
                .daemon()
                .factory());
    }

    /**
     * Creates the client of the log. Nothing is sent to the broker yet: each channel connects on first use.
     *
     * @throws QuiverException UNAVAILABLE if the client cannot be created
     */
    public static PulsarWriteAheadLog open(PulsarWalConfig config) {
        requireNonNull(config, "config");
        int timeoutMillis = (int) config.sendTimeout().toMillis();
        try {
            PulsarClient client = PulsarClient.builder()
                    .serviceUrl(config.serviceUrl())
                    .operationTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                    .connectionTimeout(Math.min(timeoutMillis, 10_000), TimeUnit.MILLISECONDS)
                    .startingBackoffInterval(100, TimeUnit.MILLISECONDS)
                    .maxBackoffInterval(3, TimeUnit.SECONDS)
                    .ioThreads(1)
                    .listenerThreads(1)
                    .statsInterval(0, TimeUnit.SECONDS)
                    .memoryLimit(Math.max(64L << 20, 4L * config.maxEntryBytes()), SizeUnit.BYTES)
                    .build();
            LOG.info(
                    "Opened Pulsar write-ahead log on {}, topics persistent://{}/{}/{}<channel>",
                    config.serviceUrl(),
                    config.tenant(),
                    config.namespace(),
                    config.topicPrefix());
            return new PulsarWriteAheadLog(config, client);
        } catch (PulsarClientException e) {
            throw new QuiverException(
                    ErrorCode.UNAVAILABLE, "cannot create a Pulsar client for " + config.serviceUrl() + ": " + e, e);
        }
    }

    @Override
    public CompletableFuture<LogPosition> append(String channel, byte[] payload) {
        requireNonNull(payload, "payload");
        checkChannel(channel);
        checkOpen();
        if (payload.length > config.maxEntryBytes()) {
            throw new QuiverException(
                    ErrorCode.ARGUMENT_TOO_LARGE,
                    "entry of " + payload.length + " bytes for channel '" + channel + "' exceeds the limit of "
                            + config.maxEntryBytes() + " bytes");
        }
        Producer<byte[]> producer;
        try {
            producer = producers.producer(channel);
        } catch (PulsarClientException e) {
            checkOpen();
            return CompletableFuture.failedFuture(unavailable("cannot append to", channel, e));
        }
        CompletableFuture<LogPosition> appended = new CompletableFuture<>();
        producer.sendAsync(payload.clone()).whenComplete((id, failure) -> {
            try {
                completions.execute(() -> complete(appended, channel, producer, id, failure));
            } catch (RejectedExecutionException e) {
                complete(appended, channel, producer, id, failure);
            }
        });
        return appended;
    }

    private void complete(
            CompletableFuture<LogPosition> appended,
            String channel,
            Producer<byte[]> producer,
            MessageId id,
            Throwable failure) {
        if (failure == null) {
            appended.complete(MessageIdPositions.encode(id));
            return;
        }
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof PulsarClientException.InvalidMessageException) {
            appended.completeExceptionally(new QuiverException(
                    ErrorCode.ARGUMENT_TOO_LARGE,
                    "entry for channel '" + channel + "' rejected by Pulsar: " + cause.getMessage(),
                    cause));
            return;
        }
        if (cause instanceof PulsarClientException.AlreadyClosedException
                || cause instanceof PulsarClientException.ProducerFencedException
                || cause instanceof PulsarClientException.TopicTerminatedException) {
            producers.discard(channel, producer);
        }
        appended.completeExceptionally(
                closed.get() ? closedException() : unavailable("cannot append to", channel, cause));
    }

    @Override
    public LogReader open(String channel, LogPosition after) {
        requireNonNull(after, "after");
        checkChannel(channel);
        checkOpen();
        MessageId start = MessageIdPositions.decode(after, channel);
        String topic = config.topic(channel);
        Reader<byte[]> reader;
        try {
            Optional<MessageId> firstUnreleased =
                    after.isBeginning() ? retention.firstUnreleasedEntry(topic) : Optional.empty();
            ReaderBuilder<byte[]> builder = client.newReader(Schema.BYTES)
                    .topic(topic)
                    .startMessageId(firstUnreleased.orElse(start))
                    .receiverQueueSize(config.readerQueueSize());
            if (firstUnreleased.isPresent()) {
                builder.startMessageIdInclusive();
            }
            reader = builder.create();
        } catch (PulsarClientException e) {
            checkOpen();
            throw unavailable("cannot open a reader on", channel, e);
        }
        PulsarLogReader logReader = new PulsarLogReader(channel, reader, readers::remove);
        readers.add(logReader);
        if (closed.get()) {
            logReader.close();
            checkOpen();
        }
        return logReader;
    }

    @Override
    public void truncateBefore(String channel, LogPosition position) {
        requireNonNull(position, "position");
        checkChannel(channel);
        checkOpen();
        Optional<MessageId> upTo = MessageIdPositions.lastEntryBefore(MessageIdPositions.decode(position, channel));
        if (upTo.isEmpty()) {
            return;
        }
        try {
            retention.release(config.topic(channel), upTo.get());
            LOG.debug("Released channel '{}' up to {} (truncate before {})", channel, upTo.get(), position);
        } catch (PulsarClientException e) {
            checkOpen();
            throw unavailable("cannot truncate", channel, e);
        }
    }

    @Override
    public LogPosition lastPosition(String channel) {
        checkChannel(channel);
        checkOpen();
        List<TopicMessageId> last;
        try {
            Reader<byte[]> probe = client.newReader(Schema.BYTES)
                    .topic(config.topic(channel))
                    .startMessageId(MessageId.latest)
                    .receiverQueueSize(1)
                    .create();
            try {
                last = probe.getLastMessageIds();
            } finally {
                probe.closeAsync();
            }
        } catch (PulsarClientException e) {
            checkOpen();
            throw unavailable("cannot read the last position of", channel, e);
        }
        if (last.size() != 1 || !(last.get(0) instanceof MessageIdAdv id)) {
            throw new QuiverException(
                    ErrorCode.INTERNAL, "unexpected last message ids " + last + " of channel '" + channel + "'");
        }
        return id.getEntryId() < 0 ? LogPosition.BEGINNING : MessageIdPositions.encode(id);
    }

    /** Closes every reader, waits for pending appends (up to the send timeout), closes producers and client. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List.copyOf(readers).forEach(PulsarLogReader::close);
        producers.close();
        try {
            client.close();
        } catch (PulsarClientException e) {
            LOG.warn("Cannot close the Pulsar client of {}: {}", config.serviceUrl(), e.toString());
        }
        completions.shutdown();
        try {
            if (!completions.awaitTermination(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Append completions of the Pulsar write-ahead log did not finish in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Closed Pulsar write-ahead log on {}", config.serviceUrl());
    }

    public static boolean isValidChannelName(String name) {
        return name != null && CHANNEL_NAME.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }

    private static void checkChannel(String channel) {
        if (!isValidChannelName(channel)) {
            throw QuiverException.invalid(
                    "invalid write-ahead log channel name '%s': it must match %s", channel, CHANNEL_NAME_RULE);
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw closedException();
        }
    }

    private QuiverException closedException() {
        return new QuiverException(
                ErrorCode.UNAVAILABLE, "the Pulsar write-ahead log on " + config.serviceUrl() + " is closed");
    }

    private QuiverException unavailable(String action, String channel, Throwable cause) {
        Throwable reported = cause instanceof ExecutionException && cause.getCause() != null ? cause.getCause() : cause;
        return new QuiverException(
                ErrorCode.UNAVAILABLE,
                action + " channel '" + channel + "' (topic " + config.topic(channel) + ") on " + config.serviceUrl()
                        + ": " + reported.getClass().getSimpleName() + ": " + reported.getMessage() + "; retriable",
                cause);
    }
}
