package io.quiver.common.meta.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** The few file operations that make the embedded meta store crash-safe (Linux semantics). */
final class DurableFiles {
    static final String TEMP_SUFFIX = ".tmp";

    private DurableFiles() {}

    /** Writes every byte of {@code buffer} at the channel's position. */
    static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /**
     * Creates {@code temp} (replacing a leftover), writes {@code content}, fsyncs it and returns the channel,
     * still open and positioned after the content.
     */
    static FileChannel createSynced(Path temp, byte[] content) throws IOException {
        FileChannel channel = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        try {
            writeFully(channel, ByteBuffer.wrap(content));
            channel.force(true);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Atomically replaces {@code target} with {@code temp}; then fsyncs the directory so the rename lasts. */
    static void replace(Path temp, Path target) throws IOException {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /** Writes {@code target} all or nothing: temp file, fsync, atomic rename, directory fsync. */
    static void writeAtomically(Path target, byte[] content) throws IOException {
        Path temp = temp(target);
        try (FileChannel ignored = createSynced(temp, content)) {
            // closed before the rename
        }
        replace(temp, target);
    }

    static Path temp(Path target) {
        return target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
    }

    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
