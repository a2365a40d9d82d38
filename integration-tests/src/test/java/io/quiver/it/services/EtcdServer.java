package io.quiver.it.services;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    private final Path directory;
    private final int clientPort;
    private final int peerPort;
    private final List<String> extraFlags;
    private final HttpClient http;
    private final ChildProcess process;

    private EtcdServer(Path directory, int clientPort, int peerPort, List<String> extraFlags) {
        this.directory = directory;
        this.clientPort = clientPort;
        this.process = new ChildProcess("etcd http://127.0.0.1:" + clientPort, directory, "etcd.log", STOP_TIMEOUT);
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
        int[] ports = ChildProcess.freePorts(2);
        return new EtcdServer(ChildProcess.newDirectory("quiver-etcd-"), ports[0], ports[1], List.of(extraFlags));
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
        return process.logFile();
    }

    public boolean isRunning() {
        return process.isRunning();
    }

    /**
     * Starts etcd (again, after {@link #stop()} or {@link #kill()}: same ports, same data) and waits until it
     * reports itself healthy, for at most 10 s.
     *
     * @throws IllegalStateException if it is already running, exits, or is not ready in time (with the tail of
     *     its log)
     */
    public synchronized void start() {
        ProcessBuilder builder = new ProcessBuilder(command());
        builder.environment().keySet().removeIf(name -> name.startsWith("ETCD"));
        process.start(builder);
        awaitReady();
        log.info("etcd {} is ready (pid {}, directory {})", endpoint(), process.pid(), directory);
    }

    /** Stops etcd gracefully (SIGTERM), killing it if it has not exited within 10 s. */
    public void stop() {
        process.stop();
    }

    /** Kills etcd at once (SIGKILL), as a crash would. */
    public void kill() {
        process.kill();
    }

    /** Stops etcd and deletes its directory. */
    @Override
    public void close() {
        process.close();
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
            process.checkAlive("starting");
            if (isHealthy(health)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                process.kill();
                throw process.failure("was not ready within " + READY_TIMEOUT, null);
            }
            process.pause(Duration.ofMillis(50));
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
        return process.logTail();
    }
}
