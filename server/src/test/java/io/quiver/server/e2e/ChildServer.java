package io.quiver.server.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code quiver standalone} in a child JVM (same class path and JVM flags), so a test can kill -9 it. */
final class ChildServer implements AutoCloseable {
    private final Process process;
    final int port;

    private ChildServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ChildServer start(Path dataDirectory, Path log) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--") || argument.startsWith("-D") || argument.startsWith("-XX")) {
                command.add(argument);
            }
        }
        command.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"), "io.quiver.server.Main",
                "standalone", "--host", "127.0.0.1", "--port", Integer.toString(port), "--data-dir",
                dataDirectory.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + "; see " + log);
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return new ChildServer(process, port);
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the server did not listen on port " + port + " within 60 s; see " + log);
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
