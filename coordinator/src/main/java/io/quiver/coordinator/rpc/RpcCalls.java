package io.quiver.coordinator.rpc;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.quiver.coordinator.NodeAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** One blocking unary call to a peer, with a deadline and errors translated by {@link RpcErrors}. */
final class RpcCalls {
    private RpcCalls() {}

    static <S extends AbstractStub<S>, T> T unary(
            RpcChannels channels,
            NodeAddress address,
            String peer,
            String method,
            Duration timeout,
            Function<Channel, S> newStub,
            Function<S, T> call) {
        S stub = newStub.apply(channels.channel(address.host(), address.port()))
                .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
        try {
            return call.apply(stub);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
                // reconnect at the next call rather than after a backoff that grows while the peer is down
                channels.resetBackoff(address.host(), address.port());
            }
            throw RpcErrors.fromStatus(peer, method, e);
        }
    }
}
