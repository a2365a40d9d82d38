package io.quiver.wal.pulsar;

import static java.util.Objects.requireNonNull;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.wal.LogPosition;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.MessageIdAdv;
import org.apache.pulsar.client.impl.BatchMessageIdImpl;
import org.apache.pulsar.client.impl.MessageIdImpl;

/**
 * Positions of the Pulsar log: a message id of the channel's (non-partitioned) topic, written so that the
 * unsigned byte order of positions is log order.
 *
 * <h2>Format, version 1 (21 bytes, big-endian)</h2>
 *
 * <pre>
 * position = version (1 byte, = 1) | ledger id (int64) | entry id (int64) | batch index (int32)
 * </pre>
 *
 * Each number is stored with its sign bit flipped ({@code value ^ MIN_VALUE}), which makes the unsigned order of
 * the bytes the signed order of the numbers. A message of a batch has its index in the batch (0, 1, ...); a
 * message stored alone has batch index -1, which sorts before index 0 of the same entry (one entry holds either
 * one message or one batch, so the two never meet). Log order of a topic is (ledger, entry, batch index). The
 * partition index is not stored: channel topics are not partitioned. {@link LogPosition#BEGINNING} (no bytes)
 * stands for {@link MessageId#earliest}. Positions of another length or version are rejected as
 * INVALID_ARGUMENT.
 */
public final class MessageIdPositions {
    public static final byte VERSION = 1;
    public static final int BYTES = 1 + Long.BYTES + Long.BYTES + Integer.BYTES;

    private MessageIdPositions() {}

    /** The position of a message, from the id the broker gave it. */
    public static LogPosition encode(MessageId id) {
        requireNonNull(id, "id");
        if (!(id instanceof MessageIdAdv message)) {
            throw new QuiverException(
                    ErrorCode.INTERNAL, "cannot encode Pulsar message id " + id + " of type " + id.getClass());
        }
        return encode(message.getLedgerId(), message.getEntryId(), message.getBatchIndex());
    }

    /** The position of the message {@code batchIndex} (-1 if not batched) of entry {@code entryId} of a ledger. */
    public static LogPosition encode(long ledgerId, long entryId, int batchIndex) {
        if (ledgerId < 0 || entryId < 0 || batchIndex < -1) {
            throw new QuiverException(
                    ErrorCode.INTERNAL,
                    "not the id of a stored message: ledger " + ledgerId + ", entry " + entryId + ", batch index "
                            + batchIndex);
        }
        return new LogPosition(ByteBuffer.allocate(BYTES)
                .put(VERSION)
                .putLong(ledgerId ^ Long.MIN_VALUE)
                .putLong(entryId ^ Long.MIN_VALUE)
                .putInt(batchIndex ^ Integer.MIN_VALUE)
                .array());
    }

    /**
     * The message id of a position of {@code channel}: a {@link BatchMessageIdImpl} for a message of a batch, a
     * {@link MessageIdImpl} otherwise, {@link MessageId#earliest} for {@link LogPosition#BEGINNING}.
     *
     * @throws QuiverException INVALID_ARGUMENT if {@code position} is not a position of this format
     */
    public static MessageId decode(LogPosition position, String channel) {
        requireNonNull(position, "position");
        if (position.isBeginning()) {
            return MessageId.earliest;
        }
        byte[] bytes = position.bytes();
        QuiverException.check(
                bytes.length == BYTES && bytes[0] == VERSION,
                "position %s given for channel '%s' is not a position of the Pulsar write-ahead log "
                        + "(%d bytes of version %d expected, got %d bytes)",
                position,
                channel,
                BYTES,
                VERSION,
                bytes.length);
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, BYTES - 1);
        long ledgerId = buffer.getLong() ^ Long.MIN_VALUE;
        long entryId = buffer.getLong() ^ Long.MIN_VALUE;
        int batchIndex = buffer.getInt() ^ Integer.MIN_VALUE;
        QuiverException.check(
                ledgerId >= 0 && entryId >= 0 && batchIndex >= -1,
                "position %s given for channel '%s' is not the id of a stored message "
                        + "(ledger %d, entry %d, batch index %d)",
                position,
                channel,
                ledgerId,
                entryId,
                batchIndex);
        return batchIndex >= 0
                ? new BatchMessageIdImpl(ledgerId, entryId, -1, batchIndex)
                : new MessageIdImpl(ledgerId, entryId, -1);
    }

    /**
     * The last whole entry before the entry of {@code id} in the same ledger, if there is one: the furthest a
     * cumulative acknowledgement may go without touching {@code id} or any message of its batch.
     */
    public static Optional<MessageId> lastEntryBefore(MessageId id) {
        if (!(id instanceof MessageIdAdv message) || message.getLedgerId() < 0 || message.getEntryId() <= 0) {
            return Optional.empty();
        }
        return Optional.of(new MessageIdImpl(message.getLedgerId(), message.getEntryId() - 1, -1));
    }
}
