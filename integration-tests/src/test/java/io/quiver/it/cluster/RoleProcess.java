package io.quiver.it.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One Quiver cluster role ({@code quiver coordinator|proxy|writenode|querynode --config FILE}) in a
 * child JVM with this JVM's class path and module flags; its output goes to {@code <name>.log}.
 */
final class RoleProcess implements AutoCloseable {
    private final String role;
    private final String name;
    private final Path directory;
    private final Map<String, String> config;
    private final String heap;
    private Process process;

    RoleProcess(String role, String name, Path directory, Map<String, String> config, String heap) {
        this.role = role;
        this.name = name;
        this.directory = directory;
        this.config = new TreeMap<>(config);
        this.heap = heap;
    }

    String name() {
        return name;
    }

    String role() {
        return role;
    }

    Path logFile() {
        return directory.resolve(name + ".log");
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Starts the process; returns at once (see {@link #awaitLog}). */
    synchronized RoleProcess start() {
        try {
            Files.createDirectories(directory);
            Path configFile = directory.resolve(name + ".properties");
            StringBuilder text = new StringBuilder();
            config.forEach(
                    (key, value) -> text.append(key).append('=').append(value).append('\n'));
            Files.writeString(configFile, text);
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if ((argument.startsWith("--") || argument.startsWith("-D")) && !argument.startsWith("-Dquiver.")) {
                    command.add(argument);
                }
            }
            command.addAll(List.of("-Xmx" + heap, "-XX:+UseSerialGC"));
            command.addAll(List.of(
                    "-cp",
                    System.getProperty("java.class.path"),
                    "io.quiver.server.Main",
                    role,
                    "--config",
                    configFile.toString()));
            command.removeIf(String::isEmpty);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        return this;
    }

    /** Waits until the log (since the last start) contains {@code marker}. */
    RoleProcess awaitLog(String marker, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (log().contains(marker)) {
                return this;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with " + process.exitValue() + " before '" + marker + "':\n" + tail());
            }
            sleep(100);
        }
        throw new IllegalStateException(name + " did not log '" + marker + "' within " + timeout + ":\n" + tail());
    }

    String log() {
        try {
            return Files.exists(logFile()) ? Files.readString(logFile(), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    String tail() {
        String[] lines = log().split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
    }

    /** SIGKILL: no shutdown hook runs; the session expires after its ttl. */
    synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            waitFor();
        }
    }

    /** SIGTERM: the shutdown hook ends the session at once. */
    synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitFor();
        }
    }

    private void waitFor() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        kill();
    }
}
