package io.quiver.storage.s3;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.io.IOException;
import java.net.URI;
import java.util.Set;

/**
 * Turns what the MinIO client throws into a {@link QuiverException} naming the action, the bucket and the
 * endpoint: a missing object is {@code NOT_FOUND}; a network failure, a timeout or a server error (5xx,
 * throttling) is {@code UNAVAILABLE} (retriable); rejected credentials, a missing bucket and anything
 * unexpected are {@code INTERNAL}. The MinIO exception stays attached as the cause.
 */
final class S3Errors {
    static final String NO_SUCH_KEY = "NoSuchKey";
    static final String INVALID_RANGE = "InvalidRange";

    private static final Set<String> RETRIABLE_CODES = Set.of(
            "InternalError", "ServiceUnavailable", "SlowDown", "RequestTimeout", "RequestTimeTooSkewed", "Throttling");
    private static final Set<String> CREDENTIAL_CODES =
            Set.of("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken");
    private static final int MAX_CAUSES = 20;

    private final URI endpoint;
    private final String bucket;

    S3Errors(URI endpoint, String bucket) {
        this.endpoint = endpoint;
        this.bucket = bucket;
    }

    /** The S3 error code of {@code e} ({@code NoSuchKey}, ...), or {@code null} if the server sent none. */
    static String errorCode(Throwable e) {
        ErrorResponseException response = find(e, ErrorResponseException.class);
        return response == null ? null : response.errorResponse().code();
    }

    /** {@code action} completes "cannot ...", e.g. {@code "read object 'a/b'"}. */
    QuiverException translate(String action, Exception e) {
        ErrorResponseException response = find(e, ErrorResponseException.class);
        if (response != null) {
            return fromErrorResponse(action, response);
        }
        if (find(e, ServerException.class) != null || find(e, InvalidResponseException.class) != null) {
            return failure(ErrorCode.UNAVAILABLE, action, "the server failed: " + describe(e), e);
        }
        IOException io = find(e, IOException.class);
        if (io != null) {
            return failure(ErrorCode.UNAVAILABLE, action, "the server is unreachable: " + describe(io), e);
        }
        return failure(ErrorCode.INTERNAL, action, "unexpected S3 client error: " + describe(e), e);
    }

    private QuiverException fromErrorResponse(String action, ErrorResponseException e) {
        String code = String.valueOf(e.errorResponse().code());
        String reason = code + " (" + e.errorResponse().message() + ")";
        int status = e.response() == null ? 0 : e.response().code();
        if (NO_SUCH_KEY.equals(code)) {
            return failure(ErrorCode.NOT_FOUND, action, "the object does not exist", e);
        }
        if ("NoSuchBucket".equals(code)) {
            return failure(
                    ErrorCode.INTERNAL, action, "the bucket does not exist (deleted after the store opened?)", e);
        }
        if (CREDENTIAL_CODES.contains(code)) {
            return failure(ErrorCode.INTERNAL, action, reason + "; check the access key and secret key", e);
        }
        if (INVALID_RANGE.equals(code) || "KeyTooLongError".equals(code)) {
            return failure(ErrorCode.INVALID_ARGUMENT, action, reason, e);
        }
        if (RETRIABLE_CODES.contains(code) || status >= 500 || status == 408 || status == 429) {
            return failure(ErrorCode.UNAVAILABLE, action, reason, e);
        }
        return failure(ErrorCode.INTERNAL, action, reason, e);
    }

    QuiverException failure(ErrorCode code, String action, String reason, Exception cause) {
        return new QuiverException(
                code, "S3 bucket '" + bucket + "' at " + endpoint + ": cannot " + action + ": " + reason, cause);
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** The first exception of type {@code type} in the cause chain of {@code e}. */
    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        Throwable current = e;
        for (int depth = 0; current != null && depth < MAX_CAUSES; depth++) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            current = current.getCause();
        }
        return null;
    }
}
