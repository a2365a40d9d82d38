package io.quiver.wal.local;

import io.quiver.common.QuiverException;
import io.quiver.wal.LogPosition;
import java.nio.ByteBuffer;

/**
 * Positions of the local log: the entry's sequence number (first entry of a channel = 1) as 8 big-endian
 * bytes, so the unsigned byte order of positions is log order. {@link LogPosition#BEGINNING} is sequence 0.
 */
final class SequencePositions {
    private SequencePositions() {}

    static LogPosition of(long sequence) {
        if (sequence == 0) {
            return LogPosition.BEGINNING;
        }
        return new LogPosition(ByteBuffer.allocate(Long.BYTES).putLong(sequence).array());
    }

    static long sequenceOf(LogPosition position, String channel) {
        if (position.isBeginning()) {
            return 0;
        }
        byte[] bytes = position.bytes();
        QuiverException.check(
                bytes.length == Long.BYTES,
                "position %s given for channel '%s' is not a position of the local write-ahead log "
                        + "(8 bytes expected, got %d)",
                position,
                channel,
                bytes.length);
        long sequence = ByteBuffer.wrap(bytes).getLong();
        QuiverException.check(
                sequence > 0,
                "position %s given for channel '%s' is not a position of the local write-ahead log "
                        + "(sequence %d, must be positive)",
                position,
                channel,
                sequence);
        return sequence;
    }
}
