package io.quiver.storage.local;

import static java.util.Objects.requireNonNull;

import com.google.common.io.ByteStreams;
import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.storage.ObjectInfo;
import io.quiver.storage.ObjectKeys;
import io.quiver.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An {@link ObjectStore} in a local directory: the object {@code a/b/c} is the file {@code root/a/b/c}.
 *
 * <p>A put writes a temporary file named {@value #TEMP_PREFIX}{@code <uuid>} in the object's directory,
 * fsyncs it, renames it over the object atomically and fsyncs the directory, so a reader sees the whole
 * old object or the whole new one, and a crash leaves at most a temporary file that no get, list or stat
 * ever shows. Delete removes the object's directories once they are empty. List walks the directories
 * under the prefix and returns keys in {@link String#compareTo} order (the same as S3's UTF-8 byte order
 * for keys below U+D800; Quiver's own keys are ASCII).
 *
 * <p>Beyond {@link ObjectKeys}, a key segment may not start with {@value #TEMP_PREFIX} nor exceed
 * {@value #MAX_SEGMENT_BYTES} bytes (the file name limit), and a key cannot be both an object and a
 * prefix of another object ({@code a/b} and {@code a/b/c}), because a path cannot be both a file and a
 * directory. The store is safe for concurrent use.
 */
public final class LocalObjectStore implements ObjectStore {
    static final String TEMP_PREFIX = ".quiver-tmp-";
    static final int MAX_SEGMENT_BYTES = 255;
    private static final int CREATE_ATTEMPTS = 20;
    private static final int COPY_BUFFER_BYTES = 1 << 16;

    private final Path root;
    private volatile boolean closed;

    public LocalObjectStore(Path root) {
        this.root = requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public void put(String key, InputStream data, long length) {
        requireNonNull(data, "data");
        Path target = pathOf(key);
        if (length < -1) {
            throw QuiverException.invalid("object '%s': length %d is negative (use -1 for unknown)", key, length);
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw prefixConflict(key, "it is a prefix of other objects");
        }
        Path temp = createTempFile(key, target.getParent());
        try {
            writeAndSync(key, temp, data, length);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(target.getParent());
        } catch (FileSystemException e) {
            throw Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)
                    ? prefixConflict(key, "it is a prefix of other objects")
                    : unavailable("write", key, e);
        } catch (IOException e) {
            throw unavailable("write", key, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    @Override
    public InputStream get(String key) {
        Path path = pathOf(key);
        try {
            requireObject(key, path);
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw notFound(key);
        } catch (IOException e) {
            throw unavailable("read", key, e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code offset} and {@code length} must be non-negative and {@code offset + length} at most the
     * object's size; otherwise the error is {@link ErrorCode#INVALID_ARGUMENT}.
     */
    @Override
    public InputStream get(String key, long offset, long length) {
        Path path = pathOf(key);
        FileChannel channel = null;
        try {
            requireObject(key, path);
            channel = FileChannel.open(path, StandardOpenOption.READ);
            long size = channel.size();
            if (offset < 0 || length < 0 || offset > size - length) {
                throw QuiverException.invalid(
                        "range [%d, %d + %d) is outside object '%s' of %d bytes", offset, offset, length, key, size);
            }
            channel.position(offset);
            return ByteStreams.limit(Channels.newInputStream(channel), length);
        } catch (NoSuchFileException e) {
            closeQuietly(channel);
            throw notFound(key);
        } catch (IOException e) {
            closeQuietly(channel);
            throw unavailable("read", key, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        ObjectKeys.validatePrefix(prefix);
        checkOpen();
        int lastSlash = prefix.lastIndexOf('/');
        Path start = lastSlash < 0 ? root : root.resolve(prefix.substring(0, lastSlash));
        List<ObjectInfo> objects = new ArrayList<>();
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            return objects;
        }
        try {
            Files.walkFileTree(start, new ObjectCollector(root, prefix, objects));
        } catch (IOException e) {
            throw new QuiverException(
                    ErrorCode.UNAVAILABLE,
                    "cannot list objects with prefix '" + prefix + "' under " + root + ": " + e.getMessage(),
                    e);
        }
        objects.sort(Comparator.comparing(ObjectInfo::key));
        return objects;
    }

    @Override
    public void delete(String key) {
        Path path = pathOf(key);
        try {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) || !Files.deleteIfExists(path)) {
                return;
            }
            Path kept = removeEmptyDirectories(path.getParent());
            try {
                syncDirectory(kept);
            } catch (NoSuchFileException e) {
                // a concurrent delete removed it too; whoever removed it synced its parent
            }
        } catch (IOException e) {
            throw unavailable("delete", key, e);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        Path path = pathOf(key);
        try {
            BasicFileAttributes attributes =
                    Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attributes.isRegularFile() ? Optional.of(new ObjectInfo(key, attributes.size())) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (FileSystemException e) {
            // a parent is a file (ENOTDIR): there is no such object
            return Optional.empty();
        } catch (IOException e) {
            throw unavailable("stat", key, e);
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "LocalObjectStore[" + root + "]";
    }

    private Path pathOf(String key) {
        ObjectKeys.validate(key);
        for (String segment : key.split("/")) {
            if (segment.startsWith(TEMP_PREFIX)) {
                throw QuiverException.invalid(
                        "invalid object key '%s': a segment must not start with '%s'", key, TEMP_PREFIX);
            }
            int bytes = segment.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_SEGMENT_BYTES) {
                throw QuiverException.invalid(
                        "invalid object key '%s': a segment is %d bytes; the local store's limit is %d",
                        key, bytes, MAX_SEGMENT_BYTES);
            }
        }
        checkOpen();
        return root.resolve(key);
    }

    private void checkOpen() {
        if (closed) {
            throw new QuiverException(ErrorCode.UNAVAILABLE, "object store " + root + " is closed");
        }
    }

    private static void requireObject(String key, Path path) {
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw notFound(key);
        }
    }

    /** Creates the temporary file, retrying when a concurrent delete removes its (empty) directory. */
    private Path createTempFile(String key, Path directory) {
        for (int attempt = 1; ; attempt++) {
            try {
                createDirectories(directory);
                Path temp = directory.resolve(TEMP_PREFIX + UUID.randomUUID());
                Files.createFile(temp);
                return temp;
            } catch (NoSuchFileException e) {
                if (attempt == CREATE_ATTEMPTS) {
                    throw unavailable("write", key, e);
                }
            } catch (FileAlreadyExistsException e) {
                throw prefixConflict(key, "a prefix of it is an object");
            } catch (IOException e) {
                throw unavailable("write", key, e);
            }
        }
    }

    /** Creates the missing directories from the root down to {@code directory}, fsyncing each parent. */
    private void createDirectories(Path directory) throws IOException {
        if (Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!directory.equals(root)) {
            createDirectories(directory.getParent());
        }
        try {
            Files.createDirectory(directory);
        } catch (FileAlreadyExistsException e) {
            if (Files.isRegularFile(directory, LinkOption.NOFOLLOW_LINKS)) {
                throw e; // an object is in the way
            }
            if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                // created and removed again by concurrent calls: try again
                throw new NoSuchFileException(directory.toString());
            }
            return;
        }
        if (!directory.equals(root)) {
            syncDirectory(directory.getParent());
        }
    }

    private static void writeAndSync(String key, Path temp, InputStream data, long length) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            OutputStream out = Channels.newOutputStream(channel);
            long copied = copy(data, out, length);
            if (length >= 0 && copied < length) {
                throw QuiverException.invalid(
                        "object '%s': the stream ended after %d of its declared %d bytes", key, copied, length);
            }
            channel.force(true);
        }
    }

    /** Copies {@code length} bytes (all when {@code -1}); returns how many were copied. */
    private static long copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER_BYTES];
        long copied = 0;
        while (length < 0 || copied < length) {
            int want = length < 0 ? buffer.length : (int) Math.min(buffer.length, length - copied);
            int read = in.read(buffer, 0, want);
            if (read < 0) {
                break;
            }
            out.write(buffer, 0, read);
            copied += read;
        }
        return copied;
    }

    /**
     * Removes {@code directory} and its parents while they are empty; returns the directory whose entry
     * changed last, to be fsynced.
     */
    private Path removeEmptyDirectories(Path directory) throws IOException {
        Path current = directory;
        while (!current.equals(root)) {
            try {
                Files.delete(current);
            } catch (NoSuchFileException e) {
                // a concurrent delete removed it and goes on upwards
                return current.getParent();
            } catch (FileSystemException e) {
                // not empty: keep it and everything above
                return current;
            }
            current = current.getParent();
        }
        return current;
    }

    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // a leftover temporary file is invisible and overwritten by nothing; it only costs space
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing was handed out; the channel is unusable either way
            }
        }
    }

    private static QuiverException notFound(String key) {
        return new QuiverException(ErrorCode.NOT_FOUND, "object '" + key + "' does not exist");
    }

    private QuiverException prefixConflict(String key, String reason) {
        return new QuiverException(
                ErrorCode.INVALID_ARGUMENT,
                "cannot store object '" + key + "' in local store " + root + ": " + reason
                        + " (a local key cannot be both an object and a prefix)");
    }

    private QuiverException unavailable(String action, String key, IOException e) {
        return new QuiverException(
                ErrorCode.UNAVAILABLE,
                "cannot " + action + " object '" + key + "' under " + root + ": " + e.getMessage(),
                e);
    }
}
