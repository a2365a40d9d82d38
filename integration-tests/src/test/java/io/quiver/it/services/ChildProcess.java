package io.quiver.it.services;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
 * The process of one test service (etcd, Pulsar, S3Proxy) in its own temporary directory: started with its
 * output appended to a log file there, stopped gracefully (SIGTERM, then SIGKILL after the stop timeout) or
 * killed as a crash would, killed too if the test JVM exits first, and its directory deleted on
 * {@link #close}. It can be started again after a stop or a kill.
 */
public final class ChildProcess {
    private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);
    private static final int LOG_TAIL_LINES = 40;

    private final String name;
    private final Path directory;
    private final Path logFile;
    private final Duration stopTimeout;
    private Process process;
    private Thread shutdownHook;

    /**
     * @param name how messages name the service, such as {@code "etcd http://127.0.0.1:2379"}
     * @param logName the log file's name in {@code directory}
     */
    ChildProcess(String name, Path directory, String logName, Duration stopTimeout) {
        this.name = name;
        this.directory = directory;
        this.logFile = directory.resolve(logName);
        this.stopTimeout = stopTimeout;
    }

    /** A temporary directory for a service, named after it. */
    static Path newDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory " + prefix + "*", e);
        }
    }

    /** {@code count} distinct ports free on the loopback address right now. */
    public static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find " + count + " free loopback ports", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    log.debug("closing a port probe failed", e);
                }
            }
        }
    }

    Path directory() {
        return directory;
    }

    Path logFile() {
        return logFile;
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " is not running");
        }
        return process.pid();
    }

    /** Starts the process, its output appended to the log file. */
    synchronized void start(ProcessBuilder builder) {
        if (isRunning()) {
            throw new IllegalStateException(name + " is already running");
        }
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start " + name + " (" + builder.command().getFirst() + ")", e);
        }
        if (shutdownHook == null) {
            shutdownHook = new Thread(this::killQuietly, "test-service-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /**
     * Returns while the process runs; if it has exited, forgets it and throws, naming {@code what} it was doing,
     * its exit status and the end of its log.
     */
    synchronized void checkAlive(String what) {
        if (process != null && !process.isAlive()) {
            int exit = process.exitValue();
            process = null;
            throw failure("exited with status " + exit + " while " + what, null);
        }
    }

    /** An error about the service: {@code what} happened; the end of its log is attached. */
    IllegalStateException failure(String what, Exception cause) {
        return new IllegalStateException(
                name + " " + what + "; the last " + LOG_TAIL_LINES + " lines of " + logFile + ":\n" + logTail(), cause);
    }

    /** Stops the process gracefully (SIGTERM), killing it if it has not exited within the stop timeout. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!waitFor(process, stopTimeout)) {
            log.warn("{} did not stop within {}; killing it", name, stopTimeout);
            process.destroyForcibly();
            waitFor(process, stopTimeout);
        }
        process = null;
    }

    /** Kills the process at once (SIGKILL), as a crash would, and waits until it is gone. */
    synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        if (!waitFor(process, stopTimeout)) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") survived kill -9");
        }
        process = null;
    }

    /** Stops the process and deletes the directory. */
    synchronized void close() {
        try {
            stop();
        } finally {
            if (shutdownHook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException e) {
                    // the JVM is already shutting down: the hook kills the process
                }
                shutdownHook = null;
            }
            deleteRecursively(directory);
        }
    }

    /** The last lines the process wrote, for error messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    /** Sleeps while waiting for the service; an interrupt becomes an error naming it. */
    void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    private synchronized void killQuietly() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process, stopTimeout);
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

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", root, e.toString());
        }
    }
}
