package io.quiver.common.meta;

import static java.util.Objects.requireNonNull;

/** A write inside a transaction. */
public sealed interface Op {
    String key();

    /** A put; {@code leaseId} 0 for none, else the key is deleted when that lease ends. */
    record Put(String key, byte[] value, long leaseId) implements Op {
        public Put {
            requireNonNull(key, "key");
            requireNonNull(value, "value");
        }

        public Put(String key, byte[] value) {
            this(key, value, 0);
        }
    }

    record Delete(String key) implements Op {
        public Delete {
            requireNonNull(key, "key");
        }
    }

    static Op put(String key, byte[] value) {
        return new Put(key, value);
    }

    /** A put of a key attached to a lease (leader election: create-if-absent, owned by a session). */
    static Op put(String key, byte[] value, long leaseId) {
        return new Put(key, value, leaseId);
    }

    static Op delete(String key) {
        return new Delete(key);
    }
}
