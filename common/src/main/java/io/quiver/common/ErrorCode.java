package io.quiver.common;

/**
 * Every error Quiver reports. Each code carries the Milvus status code (the {@code code} field of
 * {@code milvus.proto.common.Status}, as in Milvus' merr package), the legacy {@code ErrorCode} enum
 * number the older SDK paths still read, whether a retry can succeed, and the gRPC status for errors
 * raised at the transport.
 */
public enum ErrorCode {
    INVALID_ARGUMENT(1100, 5, false, io.grpc.Status.Code.INVALID_ARGUMENT),
    MISSING_ARGUMENT(1101, 5, false, io.grpc.Status.Code.INVALID_ARGUMENT),
    ARGUMENT_TOO_LARGE(1102, 5, false, io.grpc.Status.Code.INVALID_ARGUMENT),
    DIMENSION_MISMATCH(1100, 7, false, io.grpc.Status.Code.INVALID_ARGUMENT),
    MALFORMED_FILTER(1100, 5, false, io.grpc.Status.Code.INVALID_ARGUMENT),
    DUPLICATE_PRIMARY_KEY(1100, 5, false, io.grpc.Status.Code.INVALID_ARGUMENT),
    DATABASE_NOT_FOUND(800, 1, false, io.grpc.Status.Code.NOT_FOUND),
    COLLECTION_NOT_FOUND(100, 4, false, io.grpc.Status.Code.NOT_FOUND),
    COLLECTION_NOT_LOADED(101, 1, false, io.grpc.Status.Code.FAILED_PRECONDITION),
    COLLECTION_ALREADY_EXISTS(1100, 5, false, io.grpc.Status.Code.ALREADY_EXISTS),
    PARTITION_NOT_FOUND(200, 1, false, io.grpc.Status.Code.NOT_FOUND),
    PARTITION_ALREADY_EXISTS(1100, 5, false, io.grpc.Status.Code.ALREADY_EXISTS),
    INDEX_NOT_FOUND(700, 25, false, io.grpc.Status.Code.NOT_FOUND),
    INDEX_NOT_SUPPORTED(701, 8, false, io.grpc.Status.Code.INVALID_ARGUMENT),
    INDEX_ALREADY_EXISTS(702, 5, false, io.grpc.Status.Code.ALREADY_EXISTS),
    METRIC_NOT_SUPPORTED(1100, 23, false, io.grpc.Status.Code.INVALID_ARGUMENT),
    NOT_FOUND(1100, 1, false, io.grpc.Status.Code.NOT_FOUND),
    CONFLICT(5, 1, true, io.grpc.Status.Code.ABORTED),
    TIMEOUT(5, 1, true, io.grpc.Status.Code.DEADLINE_EXCEEDED),
    UNAVAILABLE(2, 1, true, io.grpc.Status.Code.UNAVAILABLE),
    UNIMPLEMENTED(10, 1, false, io.grpc.Status.Code.UNIMPLEMENTED),
    CORRUPT_DATA(5, 1, false, io.grpc.Status.Code.DATA_LOSS),
    INTERNAL(5, 1, false, io.grpc.Status.Code.INTERNAL);

    private final int milvusCode;
    private final int legacyErrorCode;
    private final boolean retriable;
    private final io.grpc.Status.Code grpcCode;

    ErrorCode(int milvusCode, int legacyErrorCode, boolean retriable, io.grpc.Status.Code grpcCode) {
        this.milvusCode = milvusCode;
        this.legacyErrorCode = legacyErrorCode;
        this.retriable = retriable;
        this.grpcCode = grpcCode;
    }

    /** The {@code code} field of a Milvus status. */
    public int milvusCode() {
        return milvusCode;
    }

    /** The number of the deprecated {@code milvus.proto.common.ErrorCode} enum value. */
    public int legacyErrorCode() {
        return legacyErrorCode;
    }

    public boolean retriable() {
        return retriable;
    }

    public io.grpc.Status.Code grpcCode() {
        return grpcCode;
    }
}
