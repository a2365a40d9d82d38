package io.quiver.it.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
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

    private final Path directory;
    private final int port;
    private final String accessKey = "quiver-test-access";
    private final String secretKey = "quiver-test-secret";
    private final ChildProcess process;

    private S3ProxyServer(Path directory, int port) {
        this.directory = directory;
        this.port = port;
        this.process = new ChildProcess("S3Proxy http://127.0.0.1:" + port, directory, "s3proxy.log", STOP_TIMEOUT);
    }

    /** A new server with an empty data directory on a free port, started and ready. */
    public static S3ProxyServer launch() {
        S3ProxyServer server;
        try {
            server = new S3ProxyServer(ChildProcess.newDirectory("quiver-s3proxy-"), ChildProcess.freePorts(1)[0]);
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
        Path jar = servicesDirectory().resolve("s3proxy.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the integration-tests pom copies it there");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        long begin = System.nanoTime();
        process.start(new ProcessBuilder(
                java,
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-jar",
                jar.toString(),
                "--properties",
                propertiesFile().toString()));
        awaitReady();
        log.info(
                "S3Proxy ready at {} (pid {}, data {}) in {} ms",
                endpoint(),
                process.pid(),
                dataDirectory(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    }

    /** Stops the process gracefully (SIGTERM), forcibly if it has not exited within 10 s. */
    public void stop() {
        process.stop();
    }

    /** Kills the process at once ({@code kill -9}), as a crash would, and waits until it is gone. */
    public void kill() {
        process.kill();
    }

    public boolean isRunning() {
        return process.isRunning();
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
    public void close() {
        try {
            process.kill();
        } finally {
            process.close();
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
                process.checkAlive("starting");
                try {
                    http.send(probe, HttpResponse.BodyHandlers.discarding());
                    return;
                } catch (IOException e) {
                    process.pause(Duration.ofMillis(50));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.kill();
            throw process.failure("was interrupted while starting", e);
        } finally {
            http.close();
        }
        process.kill();
        throw process.failure("did not answer within " + READY_TIMEOUT, null);
    }

    private Path propertiesFile() {
        return directory.resolve("s3proxy.properties");
    }

    private static Path servicesDirectory() {
        String services = System.getProperty("quiver.services.dir");
        if (services == null) {
            throw new IllegalStateException("system property quiver.services.dir is not set: run this test through"
                    + " Failsafe (mvn verify -pl integration-tests)");
        }
        return Path.of(services);
    }
}
