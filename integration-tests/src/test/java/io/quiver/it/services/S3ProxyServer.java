package io.quiver.it.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3 server for tests: S3Proxy ({@code s3proxy.jar}, copied into {@code quiver.services.dir} by the
 * integration-tests pom) as a child process of the test JVM, on a free loopback port, storing objects on
 * disk ({@code filesystem-nio2}) in a temporary directory, so data survives {@link #stop()}, {@link #kill()}
 * and a later {@link #start()}, which reuses the port and the directory. Requests are signed (AWS v2 or v4)
 * with {@link #accessKey()} and {@link #secretKey()}. S3Proxy bundles its own AWS SDK, Jackson and Jetty,
 * which is why it runs in its own JVM, off the test classpath. Its output goes to {@code s3proxy.log} in the
 * temporary directory; a start that fails says why and shows the end of that log.
 */
public final class S3ProxyServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(S3ProxyServer.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 40;

    private final Path directory;
    private final int port;
    private final String accessKey = "quiver-test-access";
    private final String secretKey = "quiver-test-secret";
    private Process process;

    private S3ProxyServer(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    /** A new server with an empty data directory on a free port, started and ready. */
    public static S3ProxyServer launch() {
        S3ProxyServer server;
        try {
            server = new S3ProxyServer(Files.createTempDirectory("quiver-s3proxy-"), freeLoopbackPort());
            Files.createDirectories(server.dataDirectory());
            server.writeProperties();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare an S3Proxy directory", e);
        }
        try {
            server.start();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Starts the process (again, on the same port and data) and waits until it answers HTTP requests. */
    public synchronized void start() {
        if (isRunning()) {
            throw new IllegalStateException("S3Proxy on port " + port + " is already running");
        }
        Path jar = servicesDirectory().resolve("s3proxy.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the integration-tests pom copies it there");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "-Xmx512m",
                        "-XX:+UseSerialGC",
                        "-jar",
                        jar.toString(),
                        "--properties",
                        propertiesFile().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
        long begin = System.nanoTime();
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start S3Proxy with " + java, e);
        }
        awaitReady();
        log.info(
                "S3Proxy ready at {} (pid {}, data {}) in {} ms",
                endpoint(),
                process.pid(),
                dataDirectory(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    }

    /** Stops the process gracefully (SIGTERM), forcibly if it has not exited within 10 s. */
    public synchronized void stop() {
        if (!isRunning()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("S3Proxy (pid {}) did not stop within {}; killing it", process.pid(), STOP_TIMEOUT);
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** Kills the process at once ({@code kill -9}), as a crash would, and waits until it is gone. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy (pid " + process.pid() + ") survived kill -9", e);
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** {@code http://127.0.0.1:<port>}; the same across restarts. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** Where the buckets live: one directory per bucket, one file per object. */
    public Path dataDirectory() {
        return directory.resolve("data");
    }

    /** Kills the process and deletes the data directory. */
    @Override
    public synchronized void close() {
        try {
            kill();
        } finally {
            deleteRecursively(directory);
        }
    }

    @Override
    public String toString() {
        return "S3ProxyServer[" + endpoint() + ", " + directory + "]";
    }

    private void writeProperties() throws IOException {
        Properties properties = new Properties();
        properties.setProperty("s3proxy.endpoint", endpoint().toString());
        properties.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        properties.setProperty("s3proxy.identity", accessKey);
        properties.setProperty("s3proxy.credential", secretKey);
        properties.setProperty("jclouds.provider", "filesystem-nio2");
        properties.setProperty("jclouds.identity", accessKey);
        properties.setProperty("jclouds.credential", secretKey);
        properties.setProperty("jclouds.filesystem.basedir", dataDirectory().toString());
        try (Writer writer = Files.newBufferedWriter(propertiesFile(), StandardCharsets.UTF_8)) {
            properties.store(writer, "S3Proxy for Quiver's integration tests");
        }
    }

    /** Polls until any HTTP answer comes (an unsigned request gets 403), the process exits, or time runs out. */
    private void awaitReady() {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe = HttpRequest.newBuilder(endpoint().resolve("/"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw failedToStart("exited with status " + process.exitValue());
                }
                try {
                    http.send(probe, HttpResponse.BodyHandlers.discarding());
                    return;
                } catch (IOException e) {
                    Thread.sleep(50);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw failedToStart("was interrupted while waiting for it");
        } finally {
            http.close();
        }
        kill();
        throw failedToStart("did not answer within " + READY_TIMEOUT);
    }

    private IllegalStateException failedToStart(String reason) {
        return new IllegalStateException(
                "S3Proxy at " + endpoint() + " " + reason + "; the end of " + logFile() + ":\n" + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read the log: " + e.getMessage() + ")";
        }
    }

    private Path propertiesFile() {
        return directory.resolve("s3proxy.properties");
    }

    private Path logFile() {
        return directory.resolve("s3proxy.log");
    }

    private static Path servicesDirectory() {
        String services = System.getProperty("quiver.services.dir");
        if (services == null) {
            throw new IllegalStateException("system property quiver.services.dir is not set: run this test through"
                    + " Failsafe (mvn verify -pl integration-tests)");
        }
        return Path.of(services);
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.warn("cannot delete the S3Proxy directory {}", root, e);
        }
    }
}
