package io.quiver.server;

import io.grpc.Server;
import io.quiver.common.meta.embedded.EmbeddedMetaStore;
import io.quiver.coordinator.Catalog;
import io.quiver.coordinator.CoordinatorNode;
import io.quiver.proxy.Proxy;
import io.quiver.querynode.QueryNode;
import io.quiver.storage.local.LocalObjectStore;
import io.quiver.wal.local.LocalWalConfig;
import io.quiver.wal.local.LocalWriteAheadLog;
import io.quiver.writenode.WriteNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every role in one JVM on the embedded backends: the local log, the embedded meta store and a local
 * object directory, wired exactly as a cluster wires them, and the Milvus API on one port.
 */
public final class StandaloneServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StandaloneServer.class);

    private final StandaloneConfig config;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private Server grpc;
    private QueryNode queryNode;
    private CoordinatorNode coordinator;

    public StandaloneServer(StandaloneConfig config) {
        this.config = config;
    }

    /** Opens the data directory, starts every role and the gRPC server. */
    public synchronized StandaloneServer start() {
        long started = System.nanoTime();
        try {
            Files.createDirectories(config.dataDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + config.dataDirectory(), e);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        ExecutorService workers = track(Executors.newFixedThreadPool(Math.max(2, cores), named("quiver-worker")));
        ExecutorService reads = track(Executors.newCachedThreadPool(named("quiver-read")));
        var metaStore = track(EmbeddedMetaStore.open(config.dataDirectory().resolve("meta"), Clock.systemUTC()));
        var log = track(LocalWriteAheadLog.open(
                LocalWalConfig.defaults(config.dataDirectory().resolve("wal"))));
        var objects = track(new LocalObjectStore(config.dataDirectory().resolve("objects")));
        coordinator = track(CoordinatorNode.open(metaStore, log, config.coordinator(), Clock.systemUTC()));
        WriteNode writeNode = track(new WriteNode(
                log, objects, coordinator.catalog(), coordinator.physicalChannels(), config.writeNode(), workers));
        queryNode = track(new QueryNode(log, objects, coordinator.catalog(), config.queryNode(), workers));
        coordinator.attach(queryNode, writeNode);
        Proxy proxy = track(new Proxy(coordinator, log, reads, config.readTimeout(), "STANDALONE"));
        proxy.start();
        writeNode.start();
        coordinator.start();
        grpc = GrpcServers.builder(new InetSocketAddress(config.host(), config.port()), config.maxMessageBytes())
                .addService(proxy.service())
                .build();
        try {
            grpc.start();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot listen on " + config.host() + ":" + config.port(), e);
        }
        LOG.info(
                "Quiver standalone serving the Milvus API on {}:{} (data in {}), started in {} ms",
                config.host(),
                port(),
                config.dataDirectory(),
                (System.nanoTime() - started) / 1_000_000);
        return this;
    }

    public int port() {
        return grpc.getPort();
    }

    /** The query node, for benchmarks that call the engine's search path in-process, without RPC. */
    public QueryNode queryNode() {
        return queryNode;
    }

    /** The catalog, to find a collection's id and shards for {@link #queryNode()} requests. */
    public Catalog catalog() {
        return coordinator.catalog();
    }

    public void awaitTermination() throws InterruptedException {
        grpc.awaitTermination();
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.push(resource);
        return resource;
    }

    private ExecutorService track(ExecutorService executor) {
        resources.push(() -> {
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        });
        return executor;
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public synchronized void close() {
        if (grpc != null) {
            grpc.shutdown();
            try {
                if (!grpc.awaitTermination(5, TimeUnit.SECONDS)) {
                    grpc.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                LOG.warn("error while stopping: {}", e.toString());
            }
        }
    }
}
