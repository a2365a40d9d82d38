package io.quiver.common.meta;

import static java.util.Objects.requireNonNull;

/**
 * A stored key with its revisions.
 *
 * @param createRevision store revision that created the key
 * @param modRevision store revision of the last change to the key
 * @param version number of changes since the key was created (1 after the first put)
 * @param leaseId lease the key is attached to, 0 for none
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision, long version, long leaseId) {
    public KeyValue {
        requireNonNull(key, "key");
        requireNonNull(value, "value");
    }
}
