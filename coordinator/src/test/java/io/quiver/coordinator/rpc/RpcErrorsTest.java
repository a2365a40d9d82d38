package io.quiver.coordinator.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.coordinator.NodeAddress;
import io.quiver.coordinator.node.WriteNodeService;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RpcErrorsTest {
    private final InProcessPeers peers = new InProcessPeers();
    private volatile RuntimeException toThrow;
    private final WriteNodeService failing = (collectionId, timestamp) -> {
        throw toThrow;
    };

    @AfterEach
    void close() {
        peers.close();
    }

    @Test
    void everyErrorCodeSurvivesTheTripWithItsMessage() {
        NodeAddress address = peers.start("writenode-1", new WriteNodeRpcService(failing));
        RemoteWriteNode client = new RemoteWriteNode(address, peers.channels(), Duration.ofSeconds(10));
        for (ErrorCode code : ErrorCode.values()) {
            String message = "collection 'docs' failed with " + code + ": naïve \"quotes\" 中文 %s 100%";
            toThrow = new QuiverException(code, message);

            assertThatThrownBy(() -> client.flush(7, 100))
                    .as("%s", code)
                    .isInstanceOfSatisfying(QuiverException.class, e -> {
                        assertThat(e.code()).isEqualTo(code);
                        assertThat(e.getMessage()).isEqualTo(message);
                    });
        }
    }

    @Test
    void unexpectedServerExceptionsBecomeInternalNamingTheMethod() {
        NodeAddress address = peers.start("writenode-1", new WriteNodeRpcService(failing));
        toThrow = new IllegalStateException("segment writer is broken");

        assertThatThrownBy(() -> new RemoteWriteNode(address, peers.channels(), Duration.ofSeconds(10)).flush(7, 100))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessageContaining("Flush")
                .hasMessageContaining("segment writer is broken");
    }

    @Test
    void aPeerThatIsNotThereIsUnavailableNamingIt() {
        NodeAddress nobody = peers.address("writenode-9");

        assertThatThrownBy(() -> new RemoteWriteNode(nobody, peers.channels(), Duration.ofSeconds(10)).flush(7, 100))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("write node writenode-9 at " + nobody.target())
                .hasMessageContaining("Flush");
    }

    @Test
    void connectionRefusedOverTcpIsUnavailableNamingThePeerAddress() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        NodeAddress dead = new NodeAddress("querynode-2", "127.0.0.1", port);
        try (RpcChannels tcp = new RpcChannels()) {
            RemoteQueryNode client = new RemoteQueryNode(dead, tcp, Duration.ofSeconds(10));

            assertThatThrownBy(() -> client.loadProgress(7, 0))
                    .isInstanceOfSatisfying(
                            QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                    .hasMessageContaining("query node querynode-2 at 127.0.0.1:" + port);
        }
    }

    @Test
    void aCallPastItsDeadlineIsATimeoutNamingThePeer() {
        WriteNodeService slow = (collectionId, timestamp) -> {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        NodeAddress address = peers.start("writenode-slow", new WriteNodeRpcService(slow));

        assertThatThrownBy(() -> new RemoteWriteNode(address, peers.channels(), Duration.ofMillis(100)).flush(7, 1))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT))
                .hasMessageContaining("write node writenode-slow at " + address.target());
    }

    @Test
    void aFailedCallCarriesTheErrorCodeInATrailer() {
        var status = RpcErrors.toStatus("Search", new QuiverException(ErrorCode.COLLECTION_NOT_LOADED, "not loaded"));

        assertThat(status.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.FAILED_PRECONDITION);
        assertThat(status.getStatus().getDescription()).isEqualTo("not loaded");
        assertThat(status.getTrailers().get(RpcErrors.ERROR_CODE)).isEqualTo("COLLECTION_NOT_LOADED");
    }

    @Test
    void anUnknownErrorCodeFromANewerPeerIsInternalWithTheMessage() {
        io.grpc.Metadata trailers = new io.grpc.Metadata();
        trailers.put(RpcErrors.ERROR_CODE, "SOMETHING_NEW");
        var status = io.grpc.Status.ABORTED.withDescription("it failed").asRuntimeException(trailers);

        QuiverException e = RpcErrors.fromStatus("query node q at h:1", "Search", status);

        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(e.getMessage()).isEqualTo("it failed");
    }
}
