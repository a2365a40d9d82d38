package io.quiver.common.meta;

import static java.util.Objects.requireNonNull;

/**
 * One change seen by a watch.
 *
 * @param value the new value, or empty for a delete
 */
public record WatchEvent(Type type, String key, byte[] value, long revision) {
    public enum Type {
        PUT,
        DELETE
    }

    public WatchEvent {
        requireNonNull(type, "type");
        requireNonNull(key, "key");
        value = value == null ? new byte[0] : value;
    }
}
