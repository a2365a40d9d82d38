package io.quiver.common.meta.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;

/** Length-prefixed byte strings shared by the journal and snapshot formats: {@code length:int32 bytes}. */
final class RecordCodec {
    private RecordCodec() {}

    static int size(byte[] bytes) {
        return Integer.BYTES + bytes.length;
    }

    static void put(ByteBuffer buffer, byte[] bytes) {
        buffer.putInt(bytes.length).put(bytes);
    }

    /** Reads a length-prefixed byte string; rejects a length that is negative or runs past the buffer. */
    static byte[] get(ByteBuffer buffer) {
        int length = buffer.getInt();
        if (length < 0 || length > buffer.remaining()) {
            throw new IllegalArgumentException(
                    "length " + length + " does not fit the " + buffer.remaining() + " bytes left");
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return bytes;
    }

    static byte[] utf8(String text) {
        return text.getBytes(UTF_8);
    }

    static String getUtf8(ByteBuffer buffer) {
        return new String(get(buffer), UTF_8);
    }
}
