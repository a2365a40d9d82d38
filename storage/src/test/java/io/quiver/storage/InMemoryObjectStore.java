package io.quiver.storage;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** An {@link ObjectStore} in a sorted map, for tests of code that uses object storage. */
public final class InMemoryObjectStore implements ObjectStore {
    private final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();

    @Override
    public void put(String key, InputStream data, long length) {
        ObjectKeys.validate(key);
        QuiverException.check(length >= -1, "object '%s': length %d is negative (use -1 for unknown)", key, length);
        try {
            QuiverException.check(
                    length <= Integer.MAX_VALUE, "object '%s' of %d bytes is too large for memory", key, length);
            byte[] bytes = length < 0 ? data.readAllBytes() : new byte[(int) length];
            int read = length < 0 ? bytes.length : data.readNBytes(bytes, 0, bytes.length);
            QuiverException.check(
                    read == bytes.length,
                    "object '%s': the stream ended after %d of its declared %d bytes",
                    key,
                    read,
                    length);
            objects.put(key, bytes);
        } catch (IOException e) {
            throw new QuiverException(ErrorCode.UNAVAILABLE, "cannot read data of object '" + key + "'", e);
        }
    }

    @Override
    public InputStream get(String key) {
        return new ByteArrayInputStream(bytes(key));
    }

    @Override
    public InputStream get(String key, long offset, long length) {
        byte[] bytes = bytes(key);
        QuiverException.check(
                offset >= 0 && length >= 0 && offset <= bytes.length - length,
                "range [%d, %d + %d) is outside object '%s' of %d bytes",
                offset,
                offset,
                length,
                key,
                bytes.length);
        return new ByteArrayInputStream(bytes, (int) offset, (int) length);
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        ObjectKeys.validatePrefix(prefix);
        return objects.tailMap(prefix).entrySet().stream()
                .takeWhile(e -> e.getKey().startsWith(prefix))
                .map(e -> new ObjectInfo(e.getKey(), e.getValue().length))
                .toList();
    }

    @Override
    public void delete(String key) {
        objects.remove(ObjectKeys.validate(key));
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        byte[] bytes = objects.get(ObjectKeys.validate(key));
        return bytes == null ? Optional.empty() : Optional.of(new ObjectInfo(key, bytes.length));
    }

    @Override
    public void close() {}

    private byte[] bytes(String key) {
        byte[] bytes = objects.get(ObjectKeys.validate(key));
        if (bytes == null) {
            throw new QuiverException(ErrorCode.NOT_FOUND, "object '" + key + "' does not exist");
        }
        return bytes;
    }
}
