package io.quiver.common.meta.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.etcd.jetcd.ByteSequence;
import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.util.Arrays;

/**
 * Maps caller keys to etcd keys under the store's namespace and back. An etcd key is the namespace's UTF-8
 * bytes followed by the caller key's UTF-8 bytes, so etcd's byte order is the caller's key order.
 */
final class EtcdKeys {
    /** The range end etcd reads as "every key from the start key on". */
    private static final byte[] TO_THE_END = {0};

    private final byte[] namespace;

    EtcdKeys(String namespace) {
        this.namespace = namespace.getBytes(UTF_8);
    }

    /** The etcd key of {@code key}. */
    ByteSequence key(String key) {
        return ByteSequence.from(concat(namespace, key.getBytes(UTF_8)));
    }

    /** The exclusive range end covering every etcd key that starts with {@link #key key(prefix)}. */
    ByteSequence prefixEnd(String prefix) {
        byte[] end = concat(namespace, prefix.getBytes(UTF_8));
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xff) {
                end[i]++;
                return ByteSequence.from(Arrays.copyOf(end, i + 1));
            }
        }
        return ByteSequence.from(TO_THE_END);
    }

    /** The smallest etcd key after {@code key}: where the next page of a range starts. */
    static ByteSequence successor(ByteSequence key) {
        return ByteSequence.from(Arrays.copyOf(key.getBytes(), key.size() + 1));
    }

    /** The caller key of an etcd key in this namespace. */
    String callerKey(ByteSequence etcdKey) {
        byte[] bytes = etcdKey.getBytes();
        if (bytes.length < namespace.length
                || !Arrays.equals(bytes, 0, namespace.length, namespace, 0, namespace.length)) {
            throw new QuiverException(
                    ErrorCode.INTERNAL,
                    String.format(
                            "etcd returned key '%s' outside the namespace '%s'",
                            etcdKey.toString(UTF_8), new String(namespace, UTF_8)));
        }
        return new String(bytes, namespace.length, bytes.length - namespace.length, UTF_8);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
