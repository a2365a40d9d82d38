package io.quiver.wal.pulsar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.wal.LogPosition;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.MessageIdAdv;
import org.apache.pulsar.client.impl.BatchMessageIdImpl;
import org.apache.pulsar.client.impl.MessageIdImpl;
import org.junit.jupiter.api.Test;

class MessageIdPositionsTest {
    private record Id(long ledger, long entry, int batch) {}

    private static final Comparator<Id> LOG_ORDER =
            Comparator.comparingLong(Id::ledger).thenComparingLong(Id::entry).thenComparingInt(Id::batch);

    @Test
    void writesTheDocumentedBytes() {
        LogPosition position = MessageIdPositions.encode(new MessageIdImpl(1, 2, -1));
        byte[] expected = ByteBuffer.allocate(21)
                .put((byte) 1)
                .putLong(0x8000_0000_0000_0001L)
                .putLong(0x8000_0000_0000_0002L)
                .putInt(0x7FFF_FFFF)
                .array();
        assertThat(position.bytes()).containsExactly(expected);
        assertThat(MessageIdPositions.encode(new BatchMessageIdImpl(1, 2, -1, 0))
                        .bytes())
                .endsWith(0x80, 0, 0, 0);
    }

    @Test
    void roundTripsBatchedAndSingleMessageIds() {
        long seed = Long.getLong("quiver.test.seed", System.nanoTime());
        System.out.println("seed=" + seed);
        Random random = new Random(seed);
        for (int i = 0; i < 1000; i++) {
            long ledger = i == 0 ? Long.MAX_VALUE : random.nextLong(Long.MAX_VALUE);
            long entry = i == 1 ? 0 : random.nextLong(Long.MAX_VALUE);
            int batch = random.nextBoolean() ? -1 : random.nextInt(i == 2 ? Integer.MAX_VALUE : 1000);
            MessageId id =
                    batch < 0 ? new MessageIdImpl(ledger, entry, -1) : new BatchMessageIdImpl(ledger, entry, -1, batch);

            LogPosition position = MessageIdPositions.encode(id);
            assertThat(position.bytes()).hasSize(MessageIdPositions.BYTES);
            MessageId decoded = MessageIdPositions.decode(new LogPosition(position.bytes()), "alpha");

            assertThat(decoded).isInstanceOf(batch < 0 ? MessageIdImpl.class : BatchMessageIdImpl.class);
            MessageIdAdv adv = (MessageIdAdv) decoded;
            assertThat(new Id(adv.getLedgerId(), adv.getEntryId(), adv.getBatchIndex()))
                    .isEqualTo(new Id(ledger, entry, batch));
            assertThat(adv.getPartitionIndex()).isEqualTo(-1);
            assertThat(MessageIdPositions.encode(decoded)).isEqualTo(position);
        }
    }

    @Test
    void unsignedByteOrderIsLogOrder() {
        long seed = Long.getLong("quiver.test.seed", System.nanoTime());
        System.out.println("seed=" + seed);
        Random random = new Random(seed);
        List<Id> ids = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            // Small ranges, so that many ids share a ledger or an entry; a few huge values cross byte borders.
            long ledger = random.nextInt(10) == 0 ? random.nextLong(Long.MAX_VALUE) : random.nextInt(4);
            long entry = random.nextInt(10) == 0 ? 255 + random.nextInt(2) : random.nextInt(5);
            int batch =
                    random.nextInt(5) == 0 ? -1 : random.nextInt(10) == 0 ? 127 + random.nextInt(3) : random.nextInt(4);
            ids.add(new Id(ledger, entry, batch));
        }
        List<Id> byTuple = new ArrayList<>(ids);
        byTuple.sort(LOG_ORDER);
        List<Id> byPosition = new ArrayList<>(ids);
        byPosition.sort(Comparator.comparing(id -> MessageIdPositions.encode(id.ledger(), id.entry(), id.batch())));

        assertThat(byPosition).isEqualTo(byTuple);
        assertThat(MessageIdPositions.encode(0, 0, -1)).isGreaterThan(LogPosition.BEGINNING);
        assertThat(MessageIdPositions.encode(7, 3, -1))
                .isLessThan(MessageIdPositions.encode(7, 3, 0))
                .isLessThan(MessageIdPositions.encode(7, 4, -1))
                .isLessThan(MessageIdPositions.encode(8, 0, -1));
    }

    @Test
    void beginningIsTheEarliestMessage() {
        assertThat(MessageIdPositions.decode(LogPosition.BEGINNING, "alpha")).isSameAs(MessageId.earliest);
    }

    @Test
    void rejectsForeignPositions() {
        assertThatThrownBy(() -> MessageIdPositions.decode(new LogPosition(new byte[8]), "alpha"))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("position 0000000000000000 given for channel 'alpha' is not a position of the Pulsar"
                        + " write-ahead log (21 bytes of version 1 expected, got 8 bytes)");
        byte[] version2 = MessageIdPositions.encode(1, 1, -1).bytes();
        version2[0] = 2;
        assertThatThrownBy(() -> MessageIdPositions.decode(new LogPosition(version2), "beta"))
                .hasMessageContaining("channel 'beta'")
                .hasMessageEndingWith("(21 bytes of version 1 expected, got 21 bytes)");
        byte[] negative = ByteBuffer.allocate(21).put((byte) 1).array();
        assertThatThrownBy(() -> MessageIdPositions.decode(new LogPosition(negative), "alpha"))
                .hasMessageEndingWith("is not the id of a stored message (ledger -9223372036854775808, "
                        + "entry -9223372036854775808, batch index -2147483648)");
    }

    @Test
    void encodesOnlyIdsOfStoredMessages() {
        assertThatThrownBy(() -> MessageIdPositions.encode(MessageId.earliest))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessage("not the id of a stored message: ledger -1, entry -1, batch index -1");
        assertThatThrownBy(() -> MessageIdPositions.encode(3, 0, -2)).isInstanceOf(QuiverException.class);
    }

    @Test
    void theLastEntryBeforeStaysInTheLedgerAndSkipsTheWholeBatch() {
        assertThat(MessageIdPositions.lastEntryBefore(new BatchMessageIdImpl(5, 10, -1, 3)))
                .contains(new MessageIdImpl(5, 9, -1));
        assertThat(MessageIdPositions.lastEntryBefore(new MessageIdImpl(5, 1, -1)))
                .contains(new MessageIdImpl(5, 0, -1));
        assertThat(MessageIdPositions.lastEntryBefore(new MessageIdImpl(5, 0, -1)))
                .isEmpty();
        assertThat(MessageIdPositions.lastEntryBefore(new BatchMessageIdImpl(5, 0, -1, 7)))
                .isEmpty();
        assertThat(MessageIdPositions.lastEntryBefore(MessageId.earliest)).isEmpty();
    }
}
