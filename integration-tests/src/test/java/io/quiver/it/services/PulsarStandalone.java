package io.quiver.it.services;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulsar standalone (one broker, one bookie, RocksDB metadata) run as a child JVM for tests, with main class
 * {@code org.apache.pulsar.PulsarStandaloneStarter} and exactly the classpath in {@code
 * <quiver.services.dir>/test.classpath}. Broker, web and bookie ports on 127.0.0.1 are chosen when it is created;
 * it has its own temporary directory ({@code standalone.conf}, {@code metadata/}, {@code bookkeeper/}, and {@code
 * pulsar.log} for its output). It can be stopped or killed and started again on the same ports and data; {@link
 * #close()} stops it and deletes the directory.
 *
 * <p>The {@linkplain #defaultConfig() configuration} suits a small machine and a write-ahead log that holds its
 * data with a subscription: namespace retention is 0 (a topic keeps only what some subscription has not
 * acknowledged), ledgers roll over every {@value #ENTRIES_PER_LEDGER} entries so that tests see data deleted, and
 * inactive topics are never deleted.
 */
public final class PulsarStandalone implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PulsarStandalone.class);
    /** Ledgers roll over after this many entries (and no minimum time). */
    public static final int ENTRIES_PER_LEDGER = 50;
    /** Quiver writes each entry as one message; the log's contract test writes 8 MiB entries. */
    public static final int MAX_MESSAGE_BYTES = 16 << 20;

    private static final String MAIN_CLASS = "org.apache.pulsar.PulsarStandaloneStarter";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> JVM_FLAGS = List.of(
            "-Xms256m",
            "-Xmx768m",
            "-XX:MaxDirectMemorySize=768m",
            "-XX:+UseSerialGC",
            "--enable-native-access=ALL-UNNAMED",
            "-Dio.netty.tryReflectionSetAccessible=true",
            "-Dslf4j.provider=org.apache.logging.slf4j.SLF4JServiceProvider");
    /** Opened to the classpath, as Pulsar's own launcher does. */
    private static final List<String> OPENS = List.of(
            "java.base/java.io",
            "java.base/java.util.zip",
            "java.base/java.nio",
            "java.base/jdk.internal.misc",
            "java.base/sun.net",
            "java.base/jdk.internal.platform",
            "java.base/java.lang",
            "java.management/sun.management",
            "jdk.management/com.sun.management.internal");

    private final Path directory;
    private final int brokerPort;
    private final int webPort;
    private final int bookiePort;
    private final Map<String, String> config;
    private final ChildProcess process;

    private PulsarStandalone(Path directory, int[] ports, Map<String, String> config) {
        this.directory = directory;
        this.process = new ChildProcess(
                "Pulsar standalone pulsar://127.0.0.1:" + ports[0], directory, "pulsar.log", STOP_TIMEOUT);
        this.brokerPort = ports[0];
        this.webPort = ports[1];
        this.bookiePort = ports[2];
        this.config = config;
    }

    /** A new standalone with free ports, an empty directory and the {@linkplain #defaultConfig() default} settings. */
    public static PulsarStandalone create() {
        return create(Map.of());
    }

    /** A new standalone whose configuration is the default one with {@code overrides} applied; not started. */
    public static PulsarStandalone create(Map<String, String> overrides) {
        int[] ports = ChildProcess.freePorts(3);
        Map<String, String> config = defaultConfig();
        config.put("brokerServicePort", Integer.toString(ports[0]));
        config.put("webServicePort", Integer.toString(ports[1]));
        config.putAll(overrides);
        return new PulsarStandalone(ChildProcess.newDirectory("quiver-pulsar-"), ports, config);
    }

    /** A new standalone with the default settings, started and ready. */
    public static PulsarStandalone startNew() {
        PulsarStandalone pulsar = create();
        try {
            pulsar.start();
            return pulsar;
        } catch (RuntimeException e) {
            pulsar.close();
            throw e;
        }
    }

    /**
     * The broker settings of {@link #create()} (without the ports): one bookie, so ensemble, write and ack quorum
     * 1; loopback only; few threads and small caches; retention 0 with no backlog quota, no subscription expiry
     * and no deletion of inactive topics; journal synced before a write is acknowledged; messages up to {@value
     * #MAX_MESSAGE_BYTES} bytes.
     */
    public static Map<String, String> defaultConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("clusterName", "standalone");
        config.put("bindAddress", "127.0.0.1");
        config.put("advertisedAddress", "127.0.0.1");
        config.put("allowEphemeralPorts", "true");
        config.put("listeningInterface", "lo");
        config.put("allowLoopback", "true");
        config.put("managedLedgerDefaultEnsembleSize", "1");
        config.put("managedLedgerDefaultWriteQuorum", "1");
        config.put("managedLedgerDefaultAckQuorum", "1");
        config.put("defaultRetentionTimeInMinutes", "0");
        config.put("defaultRetentionSizeInMB", "0");
        config.put("retentionCheckIntervalInSeconds", "2");
        config.put("managedLedgerMaxEntriesPerLedger", Integer.toString(ENTRIES_PER_LEDGER));
        config.put("managedLedgerMinLedgerRolloverTimeMinutes", "0");
        config.put("backlogQuotaDefaultLimitBytes", "-1");
        config.put("backlogQuotaDefaultLimitSecond", "-1");
        config.put("subscriptionExpirationTimeMinutes", "0");
        config.put("brokerDeleteInactiveTopicsEnabled", "false");
        config.put("maxMessageSize", Integer.toString(MAX_MESSAGE_BYTES));
        config.put("nettyMaxFrameSizeBytes", Integer.toString(MAX_MESSAGE_BYTES + (64 << 10)));
        config.put("journalSyncData", "true");
        config.put("loadManagerClassName", "org.apache.pulsar.broker.loadbalance.NoopLoadManager");
        config.put("loadBalancerEnabled", "false");
        config.put("managedLedgerCacheSizeMB", "64");
        config.put("dbStorage_writeCacheMaxSizeMb", "32");
        config.put("dbStorage_readAheadCacheMaxSizeMb", "32");
        config.put("dbStorage_rocksDB_blockCacheSize", Integer.toString(16 << 20));
        config.put("numIOThreads", "2");
        config.put("numOrderedExecutorThreads", "2");
        config.put("numExecutorThreadPoolSize", "2");
        config.put("numHttpServerThreads", "4");
        config.put("bookkeeperClientNumWorkerThreads", "2");
        config.put("bookkeeperClientNumIoThreads", "2");
        config.put("managedLedgerNumSchedulerThreads", "2");
        config.put("topicOrderedExecutorThreadNum", "2");
        config.put("numAddWorkerThreads", "1");
        config.put("numReadWorkerThreads", "2");
        config.put("serverNumIOThreads", "2");
        config.put("transactionCoordinatorEnabled", "false");
        config.put("functionsWorkerEnabled", "false");
        config.put("webSocketServiceEnabled", "false");
        config.put("brokerShutdownTimeoutMs", "5000");
        return config;
    }

    /** The broker service URL, {@code pulsar://127.0.0.1:PORT}. */
    public String serviceUrl() {
        return "pulsar://127.0.0.1:" + brokerPort;
    }

    /** The admin (web service) URL, {@code http://127.0.0.1:PORT}. */
    public String webUrl() {
        return "http://127.0.0.1:" + webPort;
    }

    public Path logFile() {
        return process.logFile();
    }

    public boolean isRunning() {
        return process.isRunning();
    }

    /**
     * Starts Pulsar (again, after {@link #stop()} or {@link #kill()}: same ports, same data) and waits until a
     * client can create a producer, for at most 60 s.
     *
     * @throws IllegalStateException if it is already running, exits, or is not ready in time (with the tail of
     *     its log)
     */
    public synchronized void start() {
        long started = System.nanoTime();
        try {
            writeConfig();
            process.start(new ProcessBuilder(command()).directory(directory.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Pulsar standalone in " + directory, e);
        }
        awaitReady(started);
        log.info(
                "Pulsar {} is ready after {} ms (pid {}, directory {})",
                serviceUrl(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                process.pid(),
                directory);
    }

    /** Stops Pulsar gracefully (SIGTERM), killing it if it has not exited within 30 s. */
    public void stop() {
        process.stop();
    }

    /** Kills Pulsar at once (SIGKILL), as a crash would. */
    public void kill() {
        process.kill();
    }

    /** Stops Pulsar and deletes its directory. */
    @Override
    public void close() {
        process.close();
    }

    private List<String> command() throws IOException {
        String services = System.getProperty("quiver.services.dir");
        if (services == null) {
            throw new IllegalStateException("system property quiver.services.dir is not set (Failsafe sets it)");
        }
        String classpath =
                Files.readString(Path.of(services, "test.classpath"), UTF_8).trim();
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElseThrow(() -> new IllegalStateException("cannot tell the java command of this JVM"));
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(JVM_FLAGS);
        for (String open : OPENS) {
            command.addAll(List.of("--add-opens", open + "=ALL-UNNAMED"));
        }
        command.add("-Dlog4j2.configurationFile=" + directory.resolve("log4j2.properties"));
        command.add("-Dpulsar.log.dir=" + directory);
        command.addAll(List.of("-cp", classpath, MAIN_CLASS));
        command.addAll(List.of(
                "--config",
                directory.resolve("standalone.conf").toString(),
                "--metadata-dir",
                directory.resolve("metadata").toString(),
                "--bookkeeper-dir",
                directory.resolve("bookkeeper").toString(),
                "--bookkeeper-port",
                Integer.toString(bookiePort),
                // does not exist: standalone then keeps its metadata in RocksDB instead of starting ZooKeeper
                "--zookeeper-dir",
                directory.resolve("no-zookeeper").toString(),
                "-nfw",
                "-nss"));
        return command;
    }

    private void writeConfig() throws IOException {
        StringBuilder text = new StringBuilder();
        config.forEach(
                (key, value) -> text.append(key).append('=').append(value).append('\n'));
        Files.writeString(directory.resolve("standalone.conf"), text, UTF_8);
        Files.writeString(
                directory.resolve("log4j2.properties"),
                """
                status = error
                appender.console.type = Console
                appender.console.name = console
                appender.console.layout.type = PatternLayout
                appender.console.layout.pattern = %d{HH:mm:ss.SSS} [%t] %-5level %logger{36} - %msg%n
                rootLogger.level = info
                rootLogger.appenderRef.console.ref = console
                """,
                UTF_8);
    }

    private void awaitReady(long startedNanos) {
        long deadline = startedNanos + READY_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            process.checkAlive("starting");
            if (portOpen(brokerPort)) {
                try {
                    probeWithProducer();
                    return;
                } catch (PulsarClientException e) {
                    last = e;
                }
            }
            process.pause(Duration.ofMillis(250));
        }
        process.kill();
        throw process.failure("was not ready within " + READY_TIMEOUT, last);
    }

    private void probeWithProducer() throws PulsarClientException {
        try (PulsarClient client = PulsarClient.builder()
                        .serviceUrl(serviceUrl())
                        .operationTimeout(5, TimeUnit.SECONDS)
                        .connectionTimeout(2, TimeUnit.SECONDS)
                        .statsInterval(0, TimeUnit.SECONDS)
                        .build();
                Producer<byte[]> producer = client.newProducer()
                        .topic("persistent://public/default/quiver-ready")
                        .create()) {
            producer.send(new byte[] {1});
        }
    }

    private static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
