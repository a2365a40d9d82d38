package io.quiver.common.meta.embedded;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of one embedded meta store (layout in {@link EmbeddedMetaStore}): the directory lock, the
 * snapshot and the journal, with the snapshot-then-new-journal rotation. Not thread-safe; the store calls it
 * under its lock.
 */
final class StoreDirectory implements AutoCloseable {
    static final String JOURNAL_FILE = "meta.journal";
    static final String SNAPSHOT_FILE = "meta.snapshot";
    static final String LOCK_FILE = "meta.lock";

    private static final Logger log = LoggerFactory.getLogger(StoreDirectory.class);

    private final Path directory;
    private final int journalRecordsPerSnapshot;
    private final FileChannel lockChannel;
    private Journal journal;

    private StoreDirectory(Path directory, int journalRecordsPerSnapshot, FileChannel lockChannel) {
        this.directory = directory;
        this.journalRecordsPerSnapshot = journalRecordsPerSnapshot;
        this.lockChannel = lockChannel;
    }

    /** Creates the directory if needed, locks it and deletes temporary files of interrupted writes. */
    static StoreDirectory lock(Path directory, int journalRecordsPerSnapshot) throws IOException {
        Files.createDirectories(directory);
        FileChannel lockChannel = lockFile(directory.resolve(LOCK_FILE));
        try {
            deleteTemporaryFiles(directory);
        } catch (IOException | RuntimeException e) {
            closeQuietly(lockChannel);
            throw e;
        }
        return new StoreDirectory(directory, journalRecordsPerSnapshot, lockChannel);
    }

    Path path() {
        return directory;
    }

    /** The keys of the snapshot, or an empty key space at revision 0 if there is none yet. */
    KeySpace loadSnapshot() throws IOException {
        Path snapshot = directory.resolve(SNAPSHOT_FILE);
        return Files.exists(snapshot) ? SnapshotFile.read(snapshot) : KeySpace.empty();
    }

    /** Replays the journal records after {@code afterRevision} (creating an empty journal if there is none). */
    void recoverJournal(long afterRevision, Consumer<Mutation> replay) throws IOException {
        Path file = directory.resolve(JOURNAL_FILE);
        journal = Files.exists(file) ? Journal.recover(file, afterRevision, replay) : Journal.create(file);
    }

    /** Appends and fsyncs one revision's changes. */
    void append(Mutation mutation) {
        journal.append(mutation);
    }

    /**
     * Once the journal holds enough records, writes {@code keys} as the new snapshot and starts an empty
     * journal. If that fails the store keeps appending to the current journal, which stays complete.
     */
    void snapshotIfDue(KeySpace keys) {
        if (journal.records() < journalRecordsPerSnapshot) {
            return;
        }
        try {
            SnapshotFile.write(directory.resolve(SNAPSHOT_FILE), keys);
            Journal fresh = Journal.create(directory.resolve(JOURNAL_FILE));
            journal.close();
            journal = fresh;
            log.info(
                    "meta store in {}: wrote a snapshot at revision {} with {} keys",
                    directory,
                    keys.revision(),
                    keys.size());
        } catch (IOException e) {
            log.warn(
                    "meta store in {}: cannot write a snapshot at revision {}; still appending to the journal",
                    directory,
                    keys.revision(),
                    e);
        }
    }

    /** Closes the journal and releases the directory lock. */
    @Override
    public void close() {
        if (journal != null) {
            journal.close();
        }
        closeQuietly(lockChannel);
    }

    private static FileChannel lockFile(Path lockFile) throws IOException {
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        boolean locked = false;
        try {
            locked = channel.tryLock() != null;
        } catch (OverlappingFileLockException e) {
            locked = false;
        } finally {
            if (!locked) {
                channel.close();
            }
        }
        if (!locked) {
            throw new QuiverException(
                    ErrorCode.UNAVAILABLE,
                    String.format(
                            "the meta store directory %s is in use by another store (lock file %s)",
                            lockFile.getParent(), lockFile));
        }
        return channel;
    }

    private static void deleteTemporaryFiles(Path directory) throws IOException {
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(directory, "*" + DurableFiles.TEMP_SUFFIX)) {
            for (Path temp : temps) {
                log.info("meta store in {}: deleting {} left by an interrupted write", directory, temp);
                Files.delete(temp);
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("cannot close {}", channel, e);
        }
    }
}
