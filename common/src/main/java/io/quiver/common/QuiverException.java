package io.quiver.common;

import static java.util.Objects.requireNonNull;

/** The one exception type of Quiver. The message says what, which, and the limit. */
public final class QuiverException extends RuntimeException {
    private final ErrorCode code;

    public QuiverException(ErrorCode code, String message) {
        super(message);
        this.code = requireNonNull(code, "code");
    }

    public QuiverException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }

    /** Shorthand for an {@link ErrorCode#INVALID_ARGUMENT} error with a formatted message. */
    public static QuiverException invalid(String format, Object... args) {
        return new QuiverException(ErrorCode.INVALID_ARGUMENT, String.format(format, args));
    }

    /** Throws {@link ErrorCode#INVALID_ARGUMENT} with the formatted message unless the condition holds. */
    public static void check(boolean condition, String format, Object... args) {
        if (!condition) {
            throw invalid(format, args);
        }
    }
}
