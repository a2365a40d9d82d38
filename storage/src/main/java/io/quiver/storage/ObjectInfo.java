package io.quiver.storage;

import static java.util.Objects.requireNonNull;

/** An object's key and size in bytes. */
public record ObjectInfo(String key, long size) {
    public ObjectInfo {
        requireNonNull(key, "key");
    }
}
