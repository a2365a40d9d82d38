package io.quiver.coordinator.rpc;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How failures cross the internal RPC. A {@link QuiverException} thrown by a server ends the call with
 * the gRPC status of its {@link ErrorCode}, its message as the status description, and the code's name in
 * the {@link #ERROR_CODE} trailer; the client rethrows it as a QuiverException with the same code and
 * message. A failure of the transport itself (no trailer) becomes {@link ErrorCode#UNAVAILABLE} or
 * {@link ErrorCode#TIMEOUT} naming the peer. Any other exception on a server is a bug: it is logged there
 * once, with its stack trace, and reaches the client as {@link ErrorCode#INTERNAL}.
 */
public final class RpcErrors {
    /** Trailer holding the name of the {@link ErrorCode} a server failed with. */
    public static final Metadata.Key<String> ERROR_CODE =
            Metadata.Key.of("quiver-error-code", Metadata.ASCII_STRING_MARSHALLER);

    private static final Logger LOG = LoggerFactory.getLogger(RpcErrors.class);

    private RpcErrors() {}

    /** Runs a unary server handler and answers with its result, or ends the call with its failure. */
    public static <T> void serve(String method, StreamObserver<T> out, Supplier<T> handler) {
        T response;
        try {
            response = handler.get();
        } catch (Throwable failure) {
            answer(method, () -> out.onError(toStatus(method, failure)));
            return;
        }
        answer(method, () -> {
            out.onNext(response);
            out.onCompleted();
        });
    }

    private static void answer(String method, Runnable answer) {
        try {
            answer.run();
        } catch (StatusRuntimeException e) {
            // the caller cancelled or its deadline passed while the handler ran: nobody is waiting
            LOG.debug("{} finished after its caller went away: {}", method, e.getStatus());
        }
    }

    /** The status a server ends a failed call with. */
    public static StatusRuntimeException toStatus(String method, Throwable failure) {
        ErrorCode code;
        String message;
        if (failure instanceof QuiverException q) {
            code = q.code();
            message = q.getMessage();
        } else {
            LOG.error("internal error in {}", method, failure);
            code = ErrorCode.INTERNAL;
            message = "internal error in " + method + ": " + failure;
        }
        Metadata trailers = new Metadata();
        trailers.put(ERROR_CODE, code.name());
        return Status.fromCode(code.grpcCode()).withDescription(message).asRuntimeException(trailers);
    }

    /**
     * Runs a blocking client call; a failure is rethrown as the server's QuiverException or, for a
     * transport failure, as one naming the peer.
     *
     * @param peer who is called, as people read it ({@code query node qn-1 at 10.0.0.7:19531})
     */
    public static <T> T call(String peer, String method, Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            throw fromStatus(peer, method, e);
        }
    }

    /** The QuiverException a client rethrows for a failed call. */
    public static QuiverException fromStatus(String peer, String method, StatusRuntimeException e) {
        Status status = e.getStatus();
        Metadata trailers = e.getTrailers();
        String codeName = trailers == null ? null : trailers.get(ERROR_CODE);
        String description = status.getDescription() == null ? status.getCode().name() : status.getDescription();
        if (codeName != null) {
            return new QuiverException(errorCode(codeName, peer), description, e);
        }
        String detail = description + (status.getCause() == null ? "" : " (" + status.getCause() + ")");
        return switch (status.getCode()) {
            case UNAVAILABLE, CANCELLED ->
                new QuiverException(ErrorCode.UNAVAILABLE, peer + " is unavailable for " + method + ": " + detail, e);
            case DEADLINE_EXCEEDED ->
                new QuiverException(
                        ErrorCode.TIMEOUT, method + " on " + peer + " did not complete in time: " + detail, e);
            case RESOURCE_EXHAUSTED ->
                new QuiverException(
                        ErrorCode.ARGUMENT_TOO_LARGE, method + " on " + peer + " exceeded a limit: " + detail, e);
            case UNIMPLEMENTED ->
                new QuiverException(
                        ErrorCode.UNIMPLEMENTED,
                        peer + " does not implement " + method + " (a different Quiver version?): " + detail,
                        e);
            default ->
                new QuiverException(
                        ErrorCode.INTERNAL,
                        method + " on " + peer + " failed with " + status.getCode() + ": " + detail,
                        e);
        };
    }

    private static ErrorCode errorCode(String name, String peer) {
        try {
            return ErrorCode.valueOf(name);
        } catch (IllegalArgumentException e) {
            LOG.warn(
                    "{} answered with error code '{}', which this node does not know; treating it as INTERNAL",
                    peer,
                    name);
            return ErrorCode.INTERNAL;
        }
    }
}
