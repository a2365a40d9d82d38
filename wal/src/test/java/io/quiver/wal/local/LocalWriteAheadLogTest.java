package io.quiver.wal.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.wal.LogEntry;
import io.quiver.wal.LogPosition;
import io.quiver.wal.LogReader;
import io.quiver.wal.WriteAheadLog;
import io.quiver.wal.WriteAheadLogContractTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalWriteAheadLogTest extends WriteAheadLogContractTest {
    /** Entries of {@link #appendSized} take this many bytes in a segment file. */
    private static final int FRAME = SegmentFormat.FRAME_HEADER_BYTES + 1000;
    /** A segment of this size rolls after its third entry of {@link #appendSized}. */
    private static final long THREE_ENTRIES = SegmentFormat.HEADER_BYTES + 2L * FRAME + 1;

    @TempDir
    Path directory;

    private LocalWalConfig config;

    @Override
    protected WriteAheadLog createLog() {
        // Small segments, so that the contract tests roll segments and truncate whole files.
        config = LocalWalConfig.defaults(directory).withSegmentBytes(64 << 10);
        return LocalWriteAheadLog.open(config);
    }

    @Override
    protected WriteAheadLog reopenLog() {
        log.close();
        return LocalWriteAheadLog.open(config);
    }

    @Test
    void rollsSegmentsAndReadsAcrossThem() throws Exception {
        reopenWith(config.withSegmentBytes(THREE_ENTRIES));
        List<LogPosition> positions = appendSized(25);

        List<Path> segments = segmentFiles("alpha");
        assertThat(segments)
                .extracting(file -> file.getFileName().toString())
                .startsWith("00000000000000000001.wal", "00000000000000000004.wal", "00000000000000000007.wal")
                .hasSize(9);
        assertThat(Files.size(segments.get(0))).isEqualTo(SegmentFormat.HEADER_BYTES + 3L * FRAME);

        assertThat(readExactly("alpha", LogPosition.BEGINNING, 25))
                .extracting(LogEntry::position)
                .containsExactlyElementsOf(positions);
        assertThat(readExactly("alpha", positions.get(4), 20))
                .extracting(entry -> index(entry.payload()))
                .containsExactlyElementsOf(range(5, 25));
        log = reopenLog();
        assertThat(readExactly("alpha", positions.get(2), 22))
                .extracting(entry -> index(entry.payload()))
                .containsExactlyElementsOf(range(3, 25));
        appendSized(1);
        assertThat(segmentFiles("alpha")).hasSize(9);
    }

    @Test
    void cutsOffATornTailAndKeepsAppending() throws Exception {
        List<LogPosition> positions = appendSized(10);
        Path segment = segmentFiles("alpha").get(0);
        log.close();
        try (FileChannel file = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            file.truncate(file.size() - 500);
        }

        log = reopenLog();

        assertThat(Files.size(segment)).isEqualTo(SegmentFormat.HEADER_BYTES + 9L * FRAME);
        assertThat(log.lastPosition("alpha")).isEqualTo(positions.get(8));
        assertThat(readExactly("alpha", LogPosition.BEGINNING, 9))
                .extracting(LogEntry::position)
                .containsExactlyElementsOf(positions.subList(0, 9));
        LogPosition next = append("alpha", sized(99));
        assertThat(next).isEqualTo(positions.get(9));
        assertThat(readExactly("alpha", positions.get(8), 1))
                .extracting(entry -> index(entry.payload()))
                .containsExactly(99);
    }

    @Test
    void cutsOffABadLastFrameAndATailOfZeros() throws Exception {
        List<LogPosition> positions = appendSized(10);
        Path segment = segmentFiles("alpha").get(0);
        log.close();
        flipByte(segment, SegmentFormat.HEADER_BYTES + 9L * FRAME + SegmentFormat.FRAME_HEADER_BYTES + 500);

        log = reopenLog();
        assertThat(log.lastPosition("alpha")).isEqualTo(positions.get(8));
        log.close();
        Files.write(segment, new byte[4096], StandardOpenOption.APPEND);

        log = reopenLog();
        assertThat(Files.size(segment)).isEqualTo(SegmentFormat.HEADER_BYTES + 9L * FRAME);
        assertThat(readExactly("alpha", LogPosition.BEGINNING, 9))
                .extracting(entry -> index(entry.payload()))
                .containsExactlyElementsOf(range(0, 9));
    }

    @Test
    void recoversWhenTheLastSegmentHeaderIsTorn() throws Exception {
        reopenWith(config.withSegmentBytes(THREE_ENTRIES));
        List<LogPosition> positions = appendSized(6);
        log.close();
        Path torn = directory.resolve("channels/alpha").resolve(SegmentFormat.fileName(7));
        Files.write(torn, new byte[] {'Q', 'W'});

        log = reopenLog();

        assertThat(log.lastPosition("alpha")).isEqualTo(positions.get(5));
        LogPosition next = append("alpha", sized(6));
        assertThat(readExactly("alpha", positions.get(4), 2))
                .extracting(LogEntry::position)
                .containsExactly(positions.get(5), next);
        assertThat(Files.size(torn)).isGreaterThan(SegmentFormat.HEADER_BYTES);
    }

    @Test
    void refusesToOpenWithACorruptedByteInTheMiddle() throws Exception {
        appendSized(10);
        Path segment = segmentFiles("alpha").get(0);
        log.close();
        long frameStart = SegmentFormat.HEADER_BYTES + 3L * FRAME;
        flipByte(segment, frameStart + SegmentFormat.FRAME_HEADER_BYTES + 123);

        assertThatThrownBy(this::reopenLog)
                .isInstanceOfSatisfying(QuiverException.class, hasCode(ErrorCode.CORRUPT_DATA))
                .hasMessageContaining("channel 'alpha'")
                .hasMessageContaining(segment.getFileName().toString())
                .hasMessageContaining("offset " + frameStart)
                .hasMessageContaining("CRC32C mismatch");
    }

    @Test
    void readerReportsCorruptionInAnEarlierSegment() throws Exception {
        reopenWith(config.withSegmentBytes(THREE_ENTRIES));
        List<LogPosition> positions = appendSized(9);
        Path first = segmentFiles("alpha").get(0);
        log.close();
        flipByte(first, SegmentFormat.HEADER_BYTES + FRAME + SegmentFormat.FRAME_HEADER_BYTES + 7);
        log = reopenLog();

        try (LogReader reader = log.open("alpha", LogPosition.BEGINNING)) {
            assertThat(reader.poll(1, WAIT)).extracting(LogEntry::position).containsExactly(positions.get(0));
            assertThatThrownBy(() -> reader.poll(10, WAIT))
                    .isInstanceOfSatisfying(QuiverException.class, hasCode(ErrorCode.CORRUPT_DATA))
                    .hasMessageContaining("channel 'alpha'")
                    .hasMessageContaining(first.getFileName().toString())
                    .hasMessageContaining("offset " + (SegmentFormat.HEADER_BYTES + FRAME));
        }
        assertThat(readExactly("alpha", positions.get(2), 6))
                .extracting(entry -> index(entry.payload()))
                .containsExactlyElementsOf(range(3, 9));
    }

    @Test
    void rejectsUnknownFormatVersions() throws Exception {
        appendSized(1);
        Path segment = segmentFiles("alpha").get(0);
        log.close();
        try (FileChannel file = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.allocate(4).putInt(0, 2), 4);
        }

        assertThatThrownBy(this::reopenLog)
                .isInstanceOfSatisfying(QuiverException.class, hasCode(ErrorCode.CORRUPT_DATA))
                .hasMessageContaining("unsupported format version 2 (supported: 1)")
                .hasMessageContaining("channel 'alpha'");
    }

    @Test
    void truncateBeforeDeletesWholeSegmentFilesOnly() throws Exception {
        reopenWith(config.withSegmentBytes(THREE_ENTRIES));
        List<LogPosition> positions = appendSized(20);
        assertThat(segmentFiles("alpha")).hasSize(7);

        log.truncateBefore("alpha", positions.get(10));

        // Entry 10 is sequence 11, in the segment of sequences 10..12: the three before it are gone.
        assertThat(segmentFiles("alpha"))
                .extracting(file -> SegmentFormat.firstSequenceOf(file))
                .containsExactly(10L, 13L, 16L, 19L);
        try (LogReader reader = log.open("alpha", LogPosition.BEGINNING)) {
            assertThat(reader.poll(100, WAIT))
                    .extracting(entry -> index(entry.payload()))
                    .containsExactlyElementsOf(range(9, 20));
        }
        try (LogReader reader = log.open("alpha", positions.get(2))) {
            assertThat(reader.poll(1, WAIT)).extracting(LogEntry::position).containsExactly(positions.get(9));
        }

        log.truncateBefore(
                "alpha", new LogPosition(ByteBuffer.allocate(8).putLong(1_000).array()));
        assertThat(segmentFiles("alpha"))
                .extracting(file -> SegmentFormat.firstSequenceOf(file))
                .containsExactly(19L);
        assertThat(readExactly("alpha", positions.get(17), 2))
                .extracting(LogEntry::position)
                .containsExactly(positions.get(18), positions.get(19));
    }

    @Test
    void aReaderSkipsEntriesTruncatedUnderIt() throws Exception {
        reopenWith(config.withSegmentBytes(THREE_ENTRIES));
        List<LogPosition> positions = appendSized(12);
        try (LogReader reader = log.open("alpha", LogPosition.BEGINNING)) {
            assertThat(reader.poll(1, WAIT)).extracting(LogEntry::position).containsExactly(positions.get(0));

            log.truncateBefore("alpha", positions.get(7));

            assertThat(reader.poll(100, WAIT))
                    .extracting(entry -> index(entry.payload()))
                    .containsExactlyElementsOf(range(6, 12));
        }
    }

    @Test
    void rejectsInvalidChannelNames() {
        for (String name : List.of("", ".", "..", "a/b", "a b", "../x", "é", "x".repeat(201))) {
            assertThatThrownBy(() -> log.append(name, new byte[1]))
                    .isInstanceOfSatisfying(QuiverException.class, hasCode(ErrorCode.INVALID_ARGUMENT))
                    .hasMessageContaining("'" + name + "'");
            assertThatThrownBy(() -> log.open(name, LogPosition.BEGINNING)).isInstanceOf(QuiverException.class);
            assertThatThrownBy(() -> log.lastPosition(name)).isInstanceOf(QuiverException.class);
        }
        assertThatThrownBy(() -> log.append(null, new byte[1])).isInstanceOf(QuiverException.class);
        assertThat(LocalWriteAheadLog.isValidChannelName("Shard_0.v-1" + "x".repeat(189)))
                .isTrue();
    }

    @Test
    void acceptsChannelNamesAtTheLimit() throws Exception {
        String longest = "c".repeat(200);
        LogPosition position = append(longest, sized(1));
        assertThat(log.lastPosition(longest)).isEqualTo(position);
    }

    @Test
    void rejectsForeignPositionsAndOversizedEntries() {
        assertThatThrownBy(() -> log.open("alpha", new LogPosition(new byte[] {1, 2, 3})))
                .isInstanceOfSatisfying(QuiverException.class, hasCode(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("8 bytes expected, got 3");
        reopenWith(config.withMaxEntryBytes(1000));
        assertThatThrownBy(() -> log.append("alpha", new byte[1001]))
                .isInstanceOfSatisfying(QuiverException.class, hasCode(ErrorCode.ARGUMENT_TOO_LARGE))
                .hasMessageContaining("1001 bytes")
                .hasMessageContaining("limit of 1000 bytes");
    }

    @Test
    void positionsAreBigEndianSequenceNumbers() throws Exception {
        LogPosition first = append("alpha", sized(0));
        LogPosition second = append("alpha", sized(1));
        assertThat(first.bytes()).containsExactly(0, 0, 0, 0, 0, 0, 0, 1);
        assertThat(second.bytes()).containsExactly(0, 0, 0, 0, 0, 0, 0, 2);
        assertThat(new LogPosition(ByteBuffer.allocate(8).putLong(256).array()).isAfter(second))
                .isTrue();
    }

    @Test
    void closeFinishesPendingAppends() throws Exception {
        List<CompletableFuture<LogPosition>> pending = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            pending.add(log.append("alpha", sized(i)));
        }
        log.close();

        assertThat(pending).allSatisfy(future -> assertThat(future).isCompleted());
        log = reopenLog();
        assertThat(readExactly("alpha", LogPosition.BEGINNING, 200))
                .extracting(entry -> index(entry.payload()))
                .containsExactlyElementsOf(range(0, 200));
    }

    @Test
    void refusesASecondOpenOfTheSameDirectory() {
        assertThatThrownBy(() -> LocalWriteAheadLog.open(config))
                .isInstanceOfSatisfying(QuiverException.class, hasCode(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("already open");
    }

    @Test
    void aFailedWriteFailsItsAppendAndEveryLaterOneUntilReopened() throws Exception {
        reopenWith(config.withSegmentBytes(THREE_ENTRIES));
        List<LogPosition> positions = appendSized(3);
        Path channelDirectory = directory.resolve("channels/alpha");
        // The next append starts a segment file; make that impossible.
        Files.move(channelDirectory, directory.resolve("alpha-moved"));
        Files.write(channelDirectory, new byte[0]);

        CompletableFuture<LogPosition> failed = log.append("alpha", sized(3));

        assertThat(catchThrowable(() -> failed.get(WAIT.toSeconds(), TimeUnit.SECONDS)))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(QuiverException.class, hasCode(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("failed to write");
        assertThat(catchThrowable(() -> append("beta", sized(0))))
                .cause()
                .isInstanceOfSatisfying(QuiverException.class, hasCode(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("until it is reopened");
        assertThat(log.lastPosition("alpha")).isEqualTo(positions.get(2));

        log.close();
        Files.delete(channelDirectory);
        Files.move(directory.resolve("alpha-moved"), channelDirectory);
        log = reopenLog();
        LogPosition next = append("alpha", sized(3));
        assertThat(readExactly("alpha", positions.get(2), 1))
                .extracting(LogEntry::position)
                .containsExactly(next);
    }

    @Test
    void readersFailOnceTheLogIsClosed() throws Exception {
        LogReader reader = log.open("alpha", LogPosition.BEGINNING);
        log.close();
        assertThatThrownBy(() -> reader.poll(1, QUIET))
                .isInstanceOfSatisfying(QuiverException.class, hasCode(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> log.open("alpha", LogPosition.BEGINNING)).hasMessageContaining("closed");
    }

    private static Consumer<QuiverException> hasCode(ErrorCode code) {
        return e -> assertThat(e.code()).isEqualTo(code);
    }

    private void reopenWith(LocalWalConfig newConfig) {
        log.close();
        config = newConfig;
        log = LocalWriteAheadLog.open(config);
    }

    /** Appends {@code count} entries of 1000 bytes that start with their index. */
    private List<LogPosition> appendSized(int count) throws Exception {
        List<LogPosition> positions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            positions.add(append("alpha", sized(i)));
        }
        return positions;
    }

    private static byte[] sized(int index) {
        return ByteBuffer.allocate(1000).putInt(index).array();
    }

    private static int index(byte[] payload) {
        return ByteBuffer.wrap(payload).getInt();
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> values = new ArrayList<>();
        for (int i = from; i < to; i++) {
            values.add(i);
        }
        return values;
    }

    private List<Path> segmentFiles(String channel) throws IOException {
        Path channelDirectory = directory.resolve("channels").resolve(channel);
        if (!Files.isDirectory(channelDirectory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(channelDirectory)) {
            return files.filter(file -> SegmentFormat.firstSequenceOf(file) >= 0)
                    .sorted()
                    .toList();
        }
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte) (one.get(0) ^ 0x5A)).rewind();
            channel.write(one, offset);
        }
    }
}
