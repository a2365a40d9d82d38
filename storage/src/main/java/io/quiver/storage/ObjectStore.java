package io.quiver.storage;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * A flat namespace of immutable objects addressed by {@code /}-separated keys (like an S3 bucket).
 * Writes are atomic: a reader sees the whole old object, the whole new one, or nothing.
 *
 * <p>Backends: {@code LocalObjectStore} (a local directory with atomic rename) and the S3 backend.
 * Both pass {@code ObjectStoreContractTest}. A missing object is {@code ErrorCode.NOT_FOUND}.
 */
public interface ObjectStore extends AutoCloseable {

    /** Stores {@code length} bytes read from {@code data} ({@code -1}: read to its end) under {@code key}. */
    void put(String key, InputStream data, long length);

    default void put(String key, byte[] data) {
        put(key, new java.io.ByteArrayInputStream(data), data.length);
    }

    /** The whole object. The caller closes the stream. */
    InputStream get(String key);

    /** {@code length} bytes of the object starting at {@code offset}. */
    InputStream get(String key, long offset, long length);

    default byte[] getBytes(String key) {
        try (InputStream in = get(key)) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new io.quiver.common.QuiverException(
                    io.quiver.common.ErrorCode.UNAVAILABLE, "cannot read object '" + key + "': " + e.getMessage(), e);
        }
    }

    /** Every object whose key starts with {@code prefix}, in key order. */
    List<ObjectInfo> list(String prefix);

    /** Deletes an object; deleting a missing object is not an error. */
    void delete(String key);

    Optional<ObjectInfo> stat(String key);

    @Override
    void close();
}
