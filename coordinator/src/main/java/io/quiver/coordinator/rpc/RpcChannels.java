package io.quiver.coordinator.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gRPC channel per {@code host:port}, opened on first use and shared by every client of this process
 * (a channel multiplexes concurrent calls and reconnects by itself). Closing shuts every channel down.
 */
public final class RpcChannels implements AutoCloseable {
    /** Largest message a channel accepts (search results and query pages can be large). */
    public static final int MAX_MESSAGE_BYTES = 256 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(RpcChannels.class);

    /** Opens a channel to one {@code host:port}. */
    @FunctionalInterface
    public interface ChannelFactory {
        ManagedChannel open(String host, int port);
    }

    private final ChannelFactory factory;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Plaintext HTTP/2 channels (netty) accepting messages up to {@link #MAX_MESSAGE_BYTES}. */
    public RpcChannels() {
        this(RpcChannels::openNetty);
    }

    /** Channels from the given factory (tests use in-process channels). */
    public RpcChannels(ChannelFactory factory) {
        this.factory = requireNonNull(factory, "factory");
    }

    /** The shared channel to {@code host:port}. */
    public ManagedChannel channel(String host, int port) {
        if (closed) {
            throw new QuiverException(
                    ErrorCode.UNAVAILABLE, "RPC channels are closed; cannot reach " + host + ":" + port);
        }
        ManagedChannel channel = channels.computeIfAbsent(host + ":" + port, target -> factory.open(host, port));
        if (closed) {
            channel.shutdownNow();
            throw new QuiverException(
                    ErrorCode.UNAVAILABLE, "RPC channels are closed; cannot reach " + host + ":" + port);
        }
        return channel;
    }

    /**
     * Has the channel to {@code host:port} reconnect at the next call instead of after its reconnect
     * backoff, which grows to minutes while a peer is down: a restarted peer is found at once.
     */
    public void resetBackoff(String host, int port) {
        ManagedChannel channel = channels.get(host + ":" + port);
        if (channel != null) {
            channel.resetConnectBackoff();
        }
    }

    private static ManagedChannel openNetty(String host, int port) {
        return NettyChannelBuilder.forAddress(host, port)
                .usePlaintext()
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .keepAliveTime(30, TimeUnit.SECONDS)
                .build();
    }

    @Override
    public void close() {
        closed = true;
        List<ManagedChannel> open = new ArrayList<>(channels.values());
        channels.clear();
        open.forEach(ManagedChannel::shutdown);
        for (ManagedChannel channel : open) {
            try {
                if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.warn("RPC channel {} did not close within 5 s; cancelling its calls", channel.authority());
                    channel.shutdownNow();
                }
            } catch (InterruptedException e) {
                channel.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
