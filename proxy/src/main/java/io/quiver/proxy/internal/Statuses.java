package io.quiver.proxy.internal;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.proto.milvus.Status;

/** Milvus statuses for results and errors. */
public final class Statuses {
    public static final Status OK = Status.newBuilder().setCode(0).build();

    private Statuses() {}

    public static Status of(QuiverException e) {
        ErrorCode code = e.code();
        return Status.newBuilder()
                .setCode(code.milvusCode())
                .setErrorCodeValue(code.legacyErrorCode())
                .setReason(e.getMessage())
                .setRetriable(code.retriable())
                .build();
    }

    /** Any failure as a status: Quiver errors keep their code, anything else is an internal error. */
    public static Status of(Throwable e) {
        if (e instanceof QuiverException q) {
            return of(q);
        }
        return of(new QuiverException(ErrorCode.INTERNAL, "internal error: " + e));
    }
}
