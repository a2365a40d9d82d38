package io.quiver.common.meta.etcd;

import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for jetcd calls within the request timeout and turns their failures into {@link QuiverException}s:
 * {@link ErrorCode#UNAVAILABLE} (retriable) for every failure of etcd or of the connection to it, and
 * {@link ErrorCode#INVALID_ARGUMENT} for requests etcd rejects as malformed (too large, for one). Callers that
 * give a failure a meaning of their own (no such lease, compacted revision) look at {@link #statusOf}.
 */
final class EtcdCalls {
    private static final String WATCH_SERVICE = "etcdserverpb.Watch";

    private final String endpoints;
    private final Duration timeout;

    EtcdCalls(String endpoints, Duration timeout) {
        this.endpoints = endpoints;
        this.timeout = timeout;
    }

    /** Waits for {@code call}, which does {@code what} (for messages: "put of key 'a'"). */
    <T> T await(CompletableFuture<T> call, String what) {
        try {
            return call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw unavailable(what + " did not complete within " + timeout, e);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw unavailable(what + " was interrupted", e);
        } catch (ExecutionException | CompletionException | CancellationException e) {
            throw failure(e.getCause() == null ? e : e.getCause(), what);
        }
    }

    /** The exception for a failed call doing {@code what}. */
    QuiverException failure(Throwable cause, String what) {
        Status status = statusOf(cause);
        if (status.getCode() == Status.Code.INVALID_ARGUMENT) {
            return new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    "etcd at " + endpoints + " rejected " + what + ": " + status.getDescription(),
                    cause);
        }
        return unavailable(what + " failed: " + describe(status), cause);
    }

    QuiverException unavailable(String detail, Throwable cause) {
        return new QuiverException(ErrorCode.UNAVAILABLE, "etcd at " + endpoints + " is unavailable: " + detail, cause);
    }

    String endpoints() {
        return endpoints;
    }

    /**
     * The gRPC status of a jetcd failure (or of the cause of a {@link QuiverException} made here); jetcd
     * reports some as {@link EtcdException}s and some as plain gRPC exceptions.
     */
    static Status statusOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof EtcdException etcd) {
                return Status.fromCode(Status.Code.valueOf(etcd.getErrorCode().name()))
                        .withDescription(etcd.getMessage());
            }
            Status status = Status.fromThrowable(t);
            if (status.getCode() != Status.Code.UNKNOWN || t.getCause() == null) {
                return status.getDescription() == null ? status.withDescription(String.valueOf(t)) : status;
            }
        }
        return Status.UNKNOWN;
    }

    /** Whether {@code failure} says the requested revision has been compacted. */
    static boolean isCompacted(Throwable failure) {
        Status status = statusOf(failure);
        return status.getCode() == Status.Code.OUT_OF_RANGE
                && String.valueOf(status.getDescription()).contains("compacted");
    }

    private static String describe(Status status) {
        return status.getDescription() == null
                ? status.getCode().toString()
                : status.getCode() + " " + status.getDescription();
    }

    /**
     * Gives every call but watches a deadline of the request timeout, so gRPC too abandons a call the store
     * has given up on (lease keep-alives included: they are streams).
     */
    static ClientInterceptor deadlineInterceptor(Duration timeout) {
        return new ClientInterceptor() {
            @Override
            public <Q, R> ClientCall<Q, R> interceptCall(
                    MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
                boolean bounded = options.getDeadline() == null && !WATCH_SERVICE.equals(method.getServiceName());
                return next.newCall(
                        method, bounded ? options.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS) : options);
            }
        };
    }
}
