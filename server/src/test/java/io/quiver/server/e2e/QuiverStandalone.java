package io.quiver.server.e2e;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.quiver.server.StandaloneConfig;
import io.quiver.server.StandaloneServer;
import java.nio.file.Path;

/** A standalone server on a free loopback port with a client of the official Milvus Java SDK. */
public final class QuiverStandalone implements AutoCloseable {
    private final Path dataDirectory;
    private StandaloneServer server;
    private MilvusClientV2 client;

    public QuiverStandalone(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    public QuiverStandalone start() {
        server = new StandaloneServer(StandaloneConfig.defaults(dataDirectory)
                        .withHost("127.0.0.1")
                        .withPort(0))
                .start();
        client = connect(server.port());
        return this;
    }

    public static MilvusClientV2 connect(int port) {
        return new MilvusClientV2(ConnectConfig.builder()
                .uri("http://127.0.0.1:" + port)
                .connectTimeoutMs(10_000)
                .build());
    }

    public MilvusClientV2 client() {
        return client;
    }

    public int port() {
        return server.port();
    }

    /** Stops the server (gracefully) and starts a new one on the same data directory. */
    public QuiverStandalone restart() {
        close();
        return start();
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
