package io.quiver.wal.local;

import static java.util.Objects.requireNonNull;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.wal.LogPosition;
import io.quiver.wal.LogReader;
import io.quiver.wal.WriteAheadLog;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone {@link WriteAheadLog}: one directory of segment files per channel, written by one thread
 * with group commit.
 *
 * <h2>On-disk format, version 1</h2>
 *
 * <pre>
 * {directory}/LOCK                                held (file lock) while a process has the log open
 * {directory}/channels/{channel}/{sequence}.wal   segment files; {sequence} = 20 digits, zero-padded:
 *                                                 the sequence number of the segment's first entry
 *
 * segment file = header frame*
 * header       = magic "QWAL" (4 bytes) | format version (int32, = 1) | sequence of the first entry (int64)
 * frame        = payload length (int32) | CRC32C of the payload (int32) | sequence (int64) | payload
 * </pre>
 *
 * All integers are big-endian. Sequence numbers start at 1 in each channel and grow by one per entry with no
 * gap, across segment files. A channel appends to its last segment and starts a new one once the last one has
 * reached {@link LocalWalConfig#segmentBytes()}. Segment files with another version or magic number are
 * rejected with {@link ErrorCode#CORRUPT_DATA}.
 *
 * <p><b>Positions</b> are the entry's sequence number as 8 big-endian bytes, so their unsigned byte order is
 * log order; {@link LogPosition#BEGINNING} (no bytes) is sequence 0, before every entry.
 *
 * <p><b>Durability.</b> An append's future completes once its frame is written and the file is forced
 * (fsync), as are the directory entries of new files; see {@link GroupCommitWriter}. Readers see only
 * durable entries.
 *
 * <p><b>Recovery.</b> {@link #open} checks every segment header and scans the last segment of each channel.
 * A torn tail (an incomplete frame, or a bad last frame, as a crash in the middle of a write leaves) is
 * truncated away with a warning. A bad frame followed by more data is corruption: {@code open} fails with
 * CORRUPT_DATA naming the channel, segment file and offset. Earlier segments are checked by readers as they
 * read them.
 *
 * <p><b>Truncation</b> deletes whole segment files all of whose entries are before the given position; the
 * last segment of a channel is never deleted.
 */
public final class LocalWriteAheadLog implements WriteAheadLog {
    private static final Logger LOG = LoggerFactory.getLogger(LocalWriteAheadLog.class);

    /** Letters, digits, '_', '.' and '-', 1 to 200 characters; not "." or "..". */
    public static final String CHANNEL_NAME_RULE = "[A-Za-z0-9_.-]{1,200}, not '.' or '..'";

    private static final Pattern CHANNEL_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,200}");

    private final LocalWalConfig config;
    private final Path channelsDirectory;
    private final ConcurrentHashMap<String, ChannelLog> channels = new ConcurrentHashMap<>();
    private final Set<LocalLogReader> readers = ConcurrentHashMap.newKeySet();
    private final GroupCommitWriter writer;
    private FileChannel lockFile;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalWriteAheadLog(LocalWalConfig config) {
        this.config = config;
        this.channelsDirectory = config.directory().resolve("channels");
        this.writer = new GroupCommitWriter(config);
    }

    /**
     * Opens (creating if needed) the log in {@code config.directory()}, recovers every channel and starts the
     * writer thread.
     *
     * @throws QuiverException CORRUPT_DATA if a channel is corrupt; UNAVAILABLE if the directory cannot be used
     *     or another log has it open
     */
    public static LocalWriteAheadLog open(LocalWalConfig config) {
        requireNonNull(config, "config");
        LocalWriteAheadLog log = new LocalWriteAheadLog(config);
        try {
            log.start();
            return log;
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
    }

    private void start() {
        try {
            Files.createDirectories(channelsDirectory);
            lock();
            recoverChannels();
        } catch (IOException e) {
            throw new QuiverException(
                    ErrorCode.UNAVAILABLE, "cannot open the write-ahead log in " + config.directory() + ": " + e, e);
        }
        writer.start();
        LOG.info("Opened write-ahead log in {} with {} channels", config.directory(), channels.size());
    }

    private void lock() throws IOException {
        lockFile = FileChannel.open(
                config.directory().resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockFile.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new QuiverException(
                    ErrorCode.UNAVAILABLE,
                    "the write-ahead log in " + config.directory() + " is already open (LOCK is held)");
        }
    }

    private void recoverChannels() throws IOException {
        List<Path> directories;
        try (Stream<Path> children = Files.list(channelsDirectory)) {
            directories = children.filter(Files::isDirectory).sorted().toList();
        }
        for (Path directory : directories) {
            String name = directory.getFileName().toString();
            if (isValidChannelName(name)) {
                channels.put(name, ChannelRecovery.recover(name, directory));
            } else {
                LOG.warn("Ignoring {} in write-ahead log {}: not a valid channel name", directory, config.directory());
            }
        }
    }

    @Override
    public CompletableFuture<LogPosition> append(String channel, byte[] payload) {
        requireNonNull(payload, "payload");
        ChannelLog log = channel(channel);
        if (payload.length > config.maxEntryBytes()) {
            throw new QuiverException(
                    ErrorCode.ARGUMENT_TOO_LARGE,
                    "entry of " + payload.length + " bytes for channel '" + channel + "' exceeds the limit of "
                            + config.maxEntryBytes() + " bytes");
        }
        return writer.submit(log, payload.clone());
    }

    @Override
    public LogReader open(String channel, LogPosition after) {
        requireNonNull(after, "after");
        ChannelLog log = channel(channel);
        long afterSequence = SequencePositions.sequenceOf(after, channel);
        LocalLogReader reader = new LocalLogReader(log, afterSequence, readers::remove);
        readers.add(reader);
        if (closed.get()) {
            reader.close();
            checkOpen();
        }
        return reader;
    }

    @Override
    public void truncateBefore(String channel, LogPosition position) {
        requireNonNull(position, "position");
        ChannelLog log = channel(channel);
        long sequence = SequencePositions.sequenceOf(position, channel);
        log.truncateBefore(sequence);
    }

    @Override
    public LogPosition lastPosition(String channel) {
        ChannelLog log = channel(channel);
        return SequencePositions.of(log.durable().sequence());
    }

    /** Finishes the queued appends, stops the writer thread and closes every reader and file. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writer.close();
        channels.values().forEach(ChannelLog::close);
        readers.forEach(LocalLogReader::close);
        if (lockFile != null) {
            try {
                lockFile.close();
            } catch (IOException e) {
                LOG.warn("Cannot release the lock of write-ahead log {}", config.directory(), e);
            }
        }
        LOG.info("Closed write-ahead log in {}", config.directory());
    }

    public static boolean isValidChannelName(String name) {
        return name != null && CHANNEL_NAME.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }

    /** The channel's state, created empty on first use; fails if the name is invalid or the log closed. */
    private ChannelLog channel(String name) {
        if (!isValidChannelName(name)) {
            throw QuiverException.invalid(
                    "invalid write-ahead log channel name '%s': it must match %s", name, CHANNEL_NAME_RULE);
        }
        checkOpen();
        return channels.computeIfAbsent(
                name,
                n -> new ChannelLog(n, channelsDirectory.resolve(n), new TreeMap<>(), ChannelLog.DurableMark.EMPTY));
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new QuiverException(
                    ErrorCode.UNAVAILABLE, "the write-ahead log in " + config.directory() + " is closed");
        }
    }
}
