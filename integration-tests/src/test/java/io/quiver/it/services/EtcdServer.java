package io.quiver.it.services;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-member etcd ({@code /usr/bin/etcd}, Debian's etcd-server) run as a child process for tests: client
 * and peer ports on 127.0.0.1 chosen when it is created, its own temporary directory ({@code data/} for etcd's
 * data, {@code etcd.log} for its output). It can be stopped or killed and started again on the same ports and
 * data; {@link #close()} stops it and deletes the directory.
 */
public final class EtcdServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EtcdServer.class);
    private static final Path ETCD = Path.of("/usr/bin/etcd");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 30;

    private final Path directory;
    private final int clientPort;
    private final int peerPort;
    private final List<String> extraFlags;
    private final HttpClient http;
    private Process process;
    private Thread shutdownHook;

    private EtcdServer(Path directory, int clientPort, int peerPort, List<String> extraFlags) {
        this.directory = directory;
        this.clientPort = clientPort;
        this.peerPort = peerPort;
        this.extraFlags = extraFlags;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    }

    /**
     * A new etcd with free ports and an empty directory, not started yet; {@code extraFlags} are added to its
     * command line (such as {@code --auto-compaction-retention=1}).
     */
    public static EtcdServer create(String... extraFlags) {
        if (!Files.isExecutable(ETCD)) {
            throw new IllegalStateException(ETCD + " is missing: install Debian's etcd-server (scripts/test.sh does)");
        }
        try {
            Path directory = Files.createTempDirectory("quiver-etcd-");
            int[] ports = freePorts(2);
            return new EtcdServer(directory, ports[0], ports[1], List.of(extraFlags));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a directory and ports for etcd", e);
        }
    }

    /** A new etcd, started and ready; see {@link #create}. */
    public static EtcdServer startNew(String... extraFlags) {
        EtcdServer server = create(extraFlags);
        try {
            server.start();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The client URL, {@code http://127.0.0.1:PORT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    public int clientPort() {
        return clientPort;
    }

    public Path logFile() {
        return directory.resolve("etcd.log");
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Starts etcd (again, after {@link #stop()} or {@link #kill()}: same ports, same data) and waits until it
     * reports itself healthy, for at most 10 s.
     *
     * @throws IllegalStateException if it is already running, exits, or is not ready in time (with the tail of
     *     its log)
     */
    public synchronized void start() {
        if (isRunning()) {
            throw new IllegalStateException("etcd on port " + clientPort + " is already running");
        }
        ProcessBuilder builder = new ProcessBuilder(command())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("ETCD"));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + ETCD, e);
        }
        if (shutdownHook == null) {
            shutdownHook = new Thread(this::killQuietly, "etcd-test-server-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        awaitReady();
        log.info("etcd {} is ready (pid {}, directory {})", endpoint(), process.pid(), directory);
    }

    /** Stops etcd gracefully (SIGTERM), killing it if it has not exited within 10 s. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!waitFor(process, STOP_TIMEOUT)) {
            log.warn("etcd {} did not stop within {}; killing it", endpoint(), STOP_TIMEOUT);
            process.destroyForcibly();
            waitFor(process, STOP_TIMEOUT);
        }
        process = null;
    }

    /** Kills etcd at once (SIGKILL), as a crash would. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        waitFor(process, STOP_TIMEOUT);
        process = null;
    }

    /** Stops etcd and deletes its directory. */
    @Override
    public synchronized void close() {
        stop();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs anyway
            }
            shutdownHook = null;
        }
        deleteRecursively(directory);
    }

    private List<String> command() {
        String peer = "http://127.0.0.1:" + peerPort;
        List<String> command = new ArrayList<>(List.of(
                ETCD.toString(),
                "--name=quiver-test",
                "--data-dir=" + directory.resolve("data"),
                "--listen-client-urls=" + endpoint(),
                "--advertise-client-urls=" + endpoint(),
                "--listen-peer-urls=" + peer,
                "--initial-advertise-peer-urls=" + peer,
                "--initial-cluster=quiver-test=" + peer,
                "--initial-cluster-state=new",
                "--initial-cluster-token=quiver-test"));
        command.addAll(extraFlags);
        return command;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        HttpRequest health = HttpRequest.newBuilder(URI.create(endpoint() + "/health"))
                .timeout(Duration.ofSeconds(1))
                .build();
        while (true) {
            if (!process.isAlive()) {
                int exit = process.exitValue();
                process = null;
                throw new IllegalStateException("etcd " + endpoint() + " exited with status " + exit
                        + " while starting; log tail:\n" + logTail());
            }
            if (isHealthy(health)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                kill();
                throw new IllegalStateException(
                        "etcd " + endpoint() + " was not ready within " + READY_TIMEOUT + "; log tail:\n" + logTail());
            }
            sleep(Duration.ofMillis(50));
        }
    }

    private boolean isHealthy(HttpRequest health) {
        try {
            HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"health\":\"true\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for etcd " + endpoint(), e);
        }
    }

    /** The last lines etcd wrote, for error messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile(), UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + logFile() + ": " + e + ")";
        }
    }

    private synchronized void killQuietly() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for etcd", e);
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
            log.warn("cannot delete the etcd directory {}", root, e);
        }
    }
}
