package io.quiver.server.cluster;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.quiver.coordinator.rpc.RpcChannels;
import io.quiver.server.GrpcServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

/** Starts the gRPC servers of cluster processes. */
final class RpcServers {
    private RpcServers() {}

    /** Serves {@code services} on {@code host:port} (0: a free port); close the returned handle to stop. */
    static Running start(String host, int port, BindableService... services) {
        NettyServerBuilder builder =
                GrpcServers.builder(new InetSocketAddress(host, port), RpcChannels.MAX_MESSAGE_BYTES);
        for (BindableService service : services) {
            builder.addService(service);
        }
        Server server = builder.build();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
        }
        return new Running(server);
    }

    /** A free port on {@code host}, for a process that must announce its port before it can serve. */
    static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(host, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }

    record Running(Server server) implements AutoCloseable {
        int port() {
            return server.getPort();
        }

        void awaitTermination() throws InterruptedException {
            server.awaitTermination();
        }

        @Override
        public void close() {
            server.shutdown();
            try {
                if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                    server.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.shutdownNow();
            }
        }
    }
}
