package io.quiver.common.meta;

import static java.util.Objects.requireNonNull;

/** A write inside a transaction. */
public sealed interface Op {
    String key();

    record Put(String key, byte[] value) implements Op {
        public Put {
            requireNonNull(key, "key");
            requireNonNull(value, "value");
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

    static Op delete(String key) {
        return new Delete(key);
    }
}
