package io.quiver.common.expr;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;

/** The text of a filter being parsed, to build errors that point into it. */
record FilterText(String text) {
    /** Filters longer than this are shown in messages as a window around the error. */
    private static final int MAX_ECHO = 200;

    /** A {@link ErrorCode#MALFORMED_FILTER} error: the message, then where, then the filter. */
    QuiverException error(int position, String message) {
        return new QuiverException(
                ErrorCode.MALFORMED_FILTER, message + " at position " + position + " in filter: " + echo(position));
    }

    private String echo(int position) {
        if (text.length() <= MAX_ECHO) {
            return text;
        }
        int start = Math.max(0, Math.min(position - MAX_ECHO / 2, text.length() - MAX_ECHO));
        int end = Math.min(text.length(), start + MAX_ECHO);
        return (start > 0 ? "..." : "") + text.substring(start, end) + (end < text.length() ? "..." : "");
    }
}
