package io.quiver.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.quiver.proto.milvus.CheckHealthRequest;
import io.quiver.proto.milvus.MilvusServiceGrpc;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SDK clients ping idle and busy connections; the server must not close them for it. */
class KeepalivePingsTest {
    @TempDir
    Path directory;

    @Test
    void aClientPingingEveryTenSecondsKeepsItsConnection() throws Exception {
        try (StandaloneServer server = new StandaloneServer(StandaloneConfig.defaults(directory)
                        .withHost("127.0.0.1")
                        .withPort(0))
                .start()) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
                    .usePlaintext()
                    .keepAliveTime(GrpcServers.MIN_PING_INTERVAL_SECONDS, TimeUnit.SECONDS)
                    .keepAliveWithoutCalls(true)
                    .build();
            try {
                var stub = MilvusServiceGrpc.newBlockingStub(channel);
                assertThat(stub.checkHealth(CheckHealthRequest.getDefaultInstance())
                                .getIsHealthy())
                        .isTrue();
                // gRPC's default policy would answer the third early ping with GOAWAY too_many_pings
                Thread.sleep(TimeUnit.SECONDS.toMillis(4 * GrpcServers.MIN_PING_INTERVAL_SECONDS + 2));

                assertThat(channel.getState(false)).isEqualTo(ConnectivityState.READY);
                assertThat(stub.checkHealth(CheckHealthRequest.getDefaultInstance())
                                .getIsHealthy())
                        .isTrue();
            } finally {
                channel.shutdownNow();
            }
        }
    }
}
