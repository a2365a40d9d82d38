package io.quiver.server;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * How every Quiver gRPC server is built. The Milvus SDKs keep connections alive with HTTP/2 pings (the
 * Java SDK every 55 s, also while a long call such as Flush runs); gRPC's default server policy allows
 * one ping per 5 minutes and closes the connection with {@code too_many_pings} after a few more. Like a
 * Milvus server, Quiver accepts pings every 10 s, with or without calls in flight.
 */
public final class GrpcServers {
    /** The most frequent client keepalive ping accepted. */
    public static final long MIN_PING_INTERVAL_SECONDS = 10;

    private GrpcServers() {}

    public static NettyServerBuilder builder(InetSocketAddress address, int maxInboundMessageBytes) {
        return NettyServerBuilder.forAddress(address)
                .maxInboundMessageSize(maxInboundMessageBytes)
                .permitKeepAliveTime(MIN_PING_INTERVAL_SECONDS, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true);
    }
}
