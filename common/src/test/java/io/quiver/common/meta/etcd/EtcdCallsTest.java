package io.quiver.common.meta.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.common.exception.EtcdExceptionFactory;
import io.grpc.Status;
import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class EtcdCallsTest {
    private static final String ENDPOINTS = "http://127.0.0.1:1,http://127.0.0.1:2";

    private final EtcdCalls calls = new EtcdCalls(ENDPOINTS, Duration.ofMillis(50));

    @Test
    void aCompletedCallReturnsItsValue() {
        assertThat(calls.await(CompletableFuture.completedFuture(42), "get of key 'a'"))
                .isEqualTo(42);
    }

    @Test
    void aCallThatTakesTooLongIsCancelledAndUnavailable() {
        CompletableFuture<Integer> never = new CompletableFuture<>();

        assertThatThrownBy(() -> calls.await(never, "get of key 'a'"))
                .isInstanceOfSatisfying(QuiverException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.code().retriable()).isTrue();
                })
                .hasMessage("etcd at " + ENDPOINTS + " is unavailable: get of key 'a' did not complete within PT0.05S");
        assertThat(never).isCancelled();
    }

    @Test
    void anInterruptedWaitIsUnavailableAndKeepsTheInterrupt() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> calls.await(new CompletableFuture<>(), "put of key 'b'"))
                    .isInstanceOfSatisfying(
                            QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                    .hasMessage("etcd at " + ENDPOINTS + " is unavailable: put of key 'b' was interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void grpcFailuresAreUnavailableWithTheirStatus() {
        CompletableFuture<Integer> failed = CompletableFuture.failedFuture(
                Status.UNAVAILABLE.withDescription("io exception").asRuntimeException());

        assertThatThrownBy(() -> calls.await(failed, "range of prefix 'p/'"))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessage("etcd at " + ENDPOINTS
                        + " is unavailable: range of prefix 'p/' failed: UNAVAILABLE io exception")
                .hasCauseInstanceOf(io.grpc.StatusRuntimeException.class);
    }

    @Test
    void requestsEtcdRejectsAreInvalidArguments() {
        CompletableFuture<Integer> rejected = CompletableFuture.failedFuture(EtcdExceptionFactory.newEtcdException(
                io.etcd.jetcd.common.exception.ErrorCode.INVALID_ARGUMENT, "etcdserver: request is too large"));

        assertThatThrownBy(() -> calls.await(rejected, "put of key 'big'"))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("etcd at " + ENDPOINTS + " rejected put of key 'big': etcdserver: request is too large");
    }

    @Test
    void statusOfFindsTheEtcdOrGrpcStatusInTheCauseChain() {
        Throwable leaseNotFound = new CompletionException(EtcdExceptionFactory.newEtcdException(
                io.etcd.jetcd.common.exception.ErrorCode.NOT_FOUND, "etcdserver: requested lease not found"));
        Throwable wrapped = new RuntimeException(
                "wrapper", Status.RESOURCE_EXHAUSTED.withDescription("too big").asException());

        assertThat(EtcdCalls.statusOf(leaseNotFound).getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(EtcdCalls.statusOf(leaseNotFound).getDescription())
                .isEqualTo("etcdserver: requested lease not found");
        assertThat(EtcdCalls.statusOf(wrapped).getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(EtcdCalls.statusOf(new IllegalStateException("odd")).getCode())
                .isEqualTo(Status.Code.UNKNOWN);
    }

    @Test
    void compactionIsRecognisedOnlyFromItsStatusAndMessage() {
        assertThat(EtcdCalls.isCompacted(EtcdExceptionFactory.newCompactedException(7)))
                .isTrue();
        assertThat(EtcdCalls.isCompacted(EtcdExceptionFactory.newEtcdException(
                        io.etcd.jetcd.common.exception.ErrorCode.OUT_OF_RANGE,
                        "etcdserver: mvcc: required revision is a future revision")))
                .isFalse();
        assertThat(EtcdCalls.isCompacted(
                        Status.UNAVAILABLE.withDescription("compacted").asException()))
                .isFalse();
    }
}
