package io.quiver.server.e2e;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.quiver.server.StandaloneConfig;
import io.quiver.server.StandaloneServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A standalone server on a free loopback port with a client of the official Milvus Java SDK.
 *
 * <p>When the system property {@value #EXTERNAL_URIS} lists Milvus endpoints (comma-separated
 * {@code http://127.0.0.1:PORT}, e.g. the proxies of a cluster), {@link #start()} starts no server: it
 * connects to one of them, taking the next endpoint at each start so every endpoint serves some tests,
 * and drops every collection there so each test begins on an empty database. {@link #port()} then
 * names the endpoint after the client's, so a test that opens a second connection crosses endpoints.
 * Tests of the standalone process itself are marked {@link StandaloneOnly}; {@link #restart()} fails
 * against external endpoints rather than pretend to restart them.
 */
public final class QuiverStandalone implements AutoCloseable {
    /** System property: comma-separated Milvus endpoints to test instead of an in-process server. */
    public static final String EXTERNAL_URIS = "quiver.e2e.uris";

    /** Starts against external endpoints so far in this JVM: the round robin over the endpoints. */
    private static final AtomicInteger EXTERNAL_STARTS = new AtomicInteger();

    private final Path dataDirectory;
    private StandaloneServer server;
    private MilvusClientV2 client;
    private int externalPort;

    public QuiverStandalone(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    public QuiverStandalone start() {
        List<URI> external = externalUris();
        if (!external.isEmpty()) {
            return startExternal(external);
        }
        server = new StandaloneServer(StandaloneConfig.defaults(dataDirectory)
                        .withHost("127.0.0.1")
                        .withPort(0))
                .start();
        client = connect(server.port());
        return this;
    }

    /** The endpoints named by {@value #EXTERNAL_URIS}; empty when it is unset or blank. */
    public static List<URI> externalUris() {
        String value = System.getProperty(EXTERNAL_URIS, "");
        return Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(uri -> !uri.isEmpty())
                .map(URI::create)
                .toList();
    }

    private QuiverStandalone startExternal(List<URI> uris) {
        int index = Math.floorMod(EXTERNAL_STARTS.getAndIncrement(), uris.size());
        URI uri = uris.get(index);
        client = new MilvusClientV2(ConnectConfig.builder()
                .uri(uri.toString())
                .connectTimeoutMs(10_000)
                .build());
        externalPort = uris.get((index + 1) % uris.size()).getPort();
        for (String name : client.listCollections().getCollectionNames()) {
            client.dropCollection(
                    DropCollectionReq.builder().collectionName(name).build());
        }
        System.out.println("QuiverStandalone: testing " + uri + " (second endpoint port " + externalPort + ")");
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
        return server != null ? server.port() : externalPort;
    }

    /** Stops the server (gracefully) and starts a new one on the same data directory. */
    public QuiverStandalone restart() {
        if (server == null && !externalUris().isEmpty()) {
            throw new UnsupportedOperationException("restart() needs the in-process standalone server, but "
                    + EXTERNAL_URIS + " names external endpoints; mark the test @StandaloneOnly");
        }
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
