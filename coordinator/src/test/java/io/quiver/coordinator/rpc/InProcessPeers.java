package io.quiver.coordinator.rpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.quiver.coordinator.NodeAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-process gRPC servers addressed like real peers: a peer at {@code host:port} is the in-process server
 * named {@code host:port}, and {@link #channels()} opens in-process channels by that name.
 */
final class InProcessPeers implements AutoCloseable {
    private static final AtomicInteger NEXT_PORT = new AtomicInteger(20_000);

    private final String host = "peers-" + System.identityHashCode(this);
    private final Map<NodeAddress, Server> servers = new ConcurrentHashMap<>();
    private final RpcChannels channels = new RpcChannels((h, port) -> InProcessChannelBuilder.forName(h + ":" + port)
            .maxInboundMessageSize(RpcChannels.MAX_MESSAGE_BYTES)
            .build());

    /** An address no server listens on (yet). */
    NodeAddress address(String nodeId) {
        return new NodeAddress(nodeId, host, NEXT_PORT.incrementAndGet());
    }

    /** Starts a server for the services at a new address. */
    NodeAddress start(String nodeId, BindableService... services) {
        NodeAddress address = address(nodeId);
        start(address, services);
        return address;
    }

    void start(NodeAddress address, BindableService... services) {
        InProcessServerBuilder builder =
                InProcessServerBuilder.forName(address.target()).maxInboundMessageSize(RpcChannels.MAX_MESSAGE_BYTES);
        for (BindableService service : services) {
            builder.addService(service);
        }
        try {
            servers.put(address, builder.build().start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server at an address: calls to it fail as to a dead peer. */
    void stop(NodeAddress address) {
        Server server = servers.remove(address);
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    RpcChannels channels() {
        return channels;
    }

    @Override
    public void close() {
        channels.close();
        servers.keySet().forEach(this::stop);
    }
}
