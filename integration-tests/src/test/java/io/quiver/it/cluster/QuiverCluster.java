package io.quiver.it.cluster;

import io.quiver.it.services.ChildProcess;
import io.quiver.it.services.EtcdServer;
import io.quiver.it.services.PulsarStandalone;
import io.quiver.it.services.S3ProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole Quiver cluster on loopback for integration tests: real etcd, S3Proxy and Pulsar standalone,
 * then every role as its own JVM (coordinators, proxies, write nodes, query nodes). Sessions use a short
 * ttl so failovers happen within seconds.
 */
final class QuiverCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QuiverCluster.class);
    static final Duration SESSION_TTL = Duration.ofSeconds(4);
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    final EtcdServer etcd;
    final S3ProxyServer s3;
    final PulsarStandalone pulsar;
    final List<RoleProcess> coordinators = new ArrayList<>();
    final List<RoleProcess> proxies = new ArrayList<>();
    final List<RoleProcess> writeNodes = new ArrayList<>();
    final List<RoleProcess> queryNodes = new ArrayList<>();
    private final Path directory;
    private final Map<String, String> common = new HashMap<>();
    private final Map<RoleProcess, Integer> milvusPorts = new HashMap<>();
    private final AtomicInteger names = new AtomicInteger();

    private QuiverCluster(Path directory, EtcdServer etcd, S3ProxyServer s3, PulsarStandalone pulsar) {
        this.directory = directory;
        this.etcd = etcd;
        this.s3 = s3;
        this.pulsar = pulsar;
        String cluster = "c" + UUID.randomUUID().toString().substring(0, 8);
        common.put("host", "127.0.0.1");
        common.put("etcd.endpoints", etcd.endpoint());
        common.put("etcd.namespace", "quiver-" + cluster + "/");
        common.put("pulsar.service-url", pulsar.serviceUrl());
        common.put("pulsar.topic-prefix", cluster + "-");
        common.put("s3.endpoint", s3.endpoint().toString());
        common.put("s3.bucket", cluster);
        common.put("s3.access-key", s3.accessKey());
        common.put("s3.secret-key", s3.secretKey());
        common.put("session.ttl", SESSION_TTL.toSeconds() + "s");
    }

    /** Starts the services and the given number of each role; returns once every proxy serves. */
    static QuiverCluster start(int coordinators, int proxies, int writeNodes, int queryNodes) {
        long begin = System.nanoTime();
        EtcdServer etcd = EtcdServer.startNew();
        S3ProxyServer s3 = null;
        PulsarStandalone pulsar = null;
        try {
            s3 = S3ProxyServer.launch();
            pulsar = PulsarStandalone.startNew();
            QuiverCluster cluster = new QuiverCluster(Files.createTempDirectory("quiver-cluster-"), etcd, s3, pulsar);
            try {
                for (int i = 0; i < coordinators; i++) {
                    cluster.startCoordinator();
                }
                cluster.awaitLeader(START_TIMEOUT);
                for (int i = 0; i < writeNodes; i++) {
                    cluster.addWriteNode();
                }
                for (int i = 0; i < queryNodes; i++) {
                    cluster.addQueryNode();
                }
                for (int i = 0; i < proxies; i++) {
                    cluster.addProxy();
                }
                for (RoleProcess process : cluster.all()) {
                    process.awaitLog(readyMarker(process.role()), START_TIMEOUT);
                }
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
            LOG.info(
                    "cluster of {} processes up in {} ms (logs in {})",
                    cluster.all().size(),
                    (System.nanoTime() - begin) / 1_000_000,
                    cluster.directory);
            return cluster;
        } catch (IOException | RuntimeException e) {
            if (pulsar != null) {
                pulsar.close();
            }
            if (s3 != null) {
                s3.close();
            }
            etcd.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Waits until one of the coordinators leads (any of them may win the election); returns it. */
    RoleProcess awaitLeader(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (RoleProcess coordinator : coordinators) {
                if (coordinator.isAlive() && coordinator.log().contains("leads:")) {
                    return coordinator;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("no coordinator leads after " + timeout + ":\n"
                + coordinators.stream().map(RoleProcess::tail).reduce("", String::concat));
    }

    static String readyMarker(String role) {
        return switch (role) {
            case "coordinator" -> "coordinator "; // any coordinator line: standbys never log "leads:"
            case "proxy" -> "serving the Milvus API";
            default -> "ready";
        };
    }

    RoleProcess startCoordinator() {
        RoleProcess process = role("coordinator", Map.of(), "512m").start();
        coordinators.add(process);
        return process;
    }

    RoleProcess addWriteNode() {
        RoleProcess process = role("writenode", Map.of(), "1g").start();
        writeNodes.add(process);
        return process;
    }

    RoleProcess addQueryNode() {
        RoleProcess process = role("querynode", Map.of(), "1500m").start();
        queryNodes.add(process);
        return process;
    }

    RoleProcess addProxy() {
        int port = freePort();
        RoleProcess process = role("proxy", Map.of("milvus.port", Integer.toString(port)), "768m")
                .start();
        proxies.add(process);
        milvusPorts.put(process, port);
        return process;
    }

    /** The Milvus API address of proxy {@code index}. */
    String proxyUri(int index) {
        return "http://127.0.0.1:" + milvusPorts.get(proxies.get(index));
    }

    List<RoleProcess> all() {
        List<RoleProcess> all = new ArrayList<>(coordinators);
        all.addAll(writeNodes);
        all.addAll(queryNodes);
        all.addAll(proxies);
        return all;
    }

    private RoleProcess role(String role, Map<String, String> extra, String heap) {
        Map<String, String> config = new HashMap<>(common);
        String name = role + "-" + names.incrementAndGet();
        config.put("node.id", name);
        config.putAll(extra);
        return new RoleProcess(role, name, directory, config, heap);
    }

    private static int freePort() {
        return ChildProcess.freePorts(1)[0];
    }

    @Override
    public void close() {
        all().forEach(RoleProcess::close);
        pulsar.close();
        s3.close();
        etcd.close();
    }
}
