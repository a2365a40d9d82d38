package io.quiver.storage;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.nio.charset.StandardCharsets;

/**
 * The rules every {@link ObjectStore} backend applies to object keys, so that a key valid on one
 * backend is valid on all: non-empty, at most {@link #MAX_LENGTH_BYTES} bytes of UTF-8 (the S3 limit),
 * {@code /}-separated segments that are neither empty nor {@code .} or {@code ..} (so no leading,
 * trailing or doubled {@code /}), and no NUL character.
 */
public final class ObjectKeys {
    public static final int MAX_LENGTH_BYTES = 1024;

    private ObjectKeys() {}

    /** Returns {@code key}, or throws {@link ErrorCode#INVALID_ARGUMENT} naming the key and the rule it breaks. */
    public static String validate(String key) {
        if (key == null || key.isEmpty()) {
            throw invalid(key, "it must not be empty");
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_LENGTH_BYTES) {
            throw invalid(key, "it is " + bytes + " bytes of UTF-8; the limit is " + MAX_LENGTH_BYTES);
        }
        if (key.indexOf('\0') >= 0) {
            throw invalid(key, "it must not contain a NUL character");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) {
                throw invalid(key, "it must not start or end with '/' or contain '//'");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw invalid(key, "it must not contain a '" + segment + "' segment");
            }
        }
        return key;
    }

    /**
     * Returns {@code prefix}, or throws {@link ErrorCode#INVALID_ARGUMENT}. A prefix is empty (every key)
     * or a key, optionally followed by {@code /}, or a key followed by {@code /} and the start of a segment.
     */
    public static String validatePrefix(String prefix) {
        if (prefix == null) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "object key prefix must not be null");
        }
        int lastSlash = prefix.lastIndexOf('/');
        if (lastSlash >= 0) {
            validate(prefix.substring(0, lastSlash));
        }
        if (prefix.indexOf('\0') >= 0) {
            throw invalid(prefix, "it must not contain a NUL character");
        }
        return prefix;
    }

    private static QuiverException invalid(String key, String rule) {
        return new QuiverException(ErrorCode.INVALID_ARGUMENT, "invalid object key '" + key + "': " + rule);
    }
}
