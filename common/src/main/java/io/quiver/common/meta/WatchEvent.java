package io.quiver.common.meta;

import static java.util.Objects.requireNonNull;

/**
 * One change seen by a watch, or the end of a watch whose history was compacted.
 *
 * @param type what happened
 * @param key the changed key; for {@link Type#COMPACTED}, the watched prefix
 * @param value the new value, or empty for a delete (and for {@link Type#COMPACTED})
 * @param revision the store revision of the change; for {@link Type#COMPACTED}, the oldest revision the store
 *     still holds
 */
public record WatchEvent(Type type, String key, byte[] value, long revision) {
    public enum Type {
        PUT,
        DELETE,
        /**
         * The last event of a watch: the store no longer holds the changes the watch would deliver next
         * (they were compacted while it was disconnected), so it stops instead of skipping them. The listener
         * should read the current state with {@link MetaStore#range} and watch again from that revision.
         * Only backends whose watches can lose their connection (etcd) send it.
         */
        COMPACTED
    }

    public WatchEvent {
        requireNonNull(type, "type");
        requireNonNull(key, "key");
        value = value == null ? new byte[0] : value;
    }
}
