package io.quiver.it.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.gson.JsonObject;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.InsertResp;
import io.milvus.v2.service.vector.response.SearchResp;
import io.quiver.it.services.ChildProcess;
import io.quiver.server.e2e.Rows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/local-cluster.sh} as a user runs it, with a state directory and proxy ports of its own: {@code up}
 * starts etcd, S3Proxy, Pulsar and seven Quiver processes, {@code status} lists them all running, rows written
 * through one proxy are counted exactly through the other, and {@code down} stops every process.
 */
class LocalClusterScriptIT {
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(6);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);
    private static final List<String> SERVICES = List.of("etcd", "s3proxy", "pulsar");
    private static final Map<String, Long> QUIVER_ROLES =
            Map.of("coordinator", 1L, "writenode", 2L, "querynode", 2L, "proxy", 2L);

    @TempDir
    Path temp;

    /** One line of {@code status}: {@code NAME ROLE pid PID port PORT running|dead}. */
    record StatusLine(String name, String role, long pid, int port, String state) {
        static StatusLine parse(String line) {
            String[] words = line.trim().split("\\s+");
            assertThat(words).as("status line '%s'", line).hasSize(7);
            assertThat(words[2]).isEqualTo("pid");
            assertThat(words[4]).isEqualTo("port");
            return new StatusLine(words[0], words[1], Long.parseLong(words[3]), Integer.parseInt(words[5]), words[6]);
        }
    }

    record Result(int exitCode, String output) {
        List<StatusLine> statusLines() {
            return output.lines()
                    .filter(line -> !line.startsWith("local-cluster:"))
                    .map(StatusLine::parse)
                    .toList();
        }
    }

    @Test
    void upServesTheMilvusApiOnBothProxiesAndDownStopsEveryProcess() {
        Path state = temp.resolve("state");
        int[] proxyPorts = ChildProcess.freePorts(2);
        try {
            long begin = System.nanoTime();
            Result up = run(state, proxyPorts, "up", UP_TIMEOUT);
            System.out.printf(
                    "local-cluster.sh up took %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
            assertThat(up.exitCode()).as(up.output()).isZero();
            assertThat(up.output()).contains(state.resolve("logs").toString());

            List<StatusLine> running = assertEveryProcessRunning(run(state, proxyPorts, "status", COMMAND_TIMEOUT));
            assertThat(running.stream().filter(line -> line.role().equals("proxy")))
                    .extracting(StatusLine::port)
                    .containsExactly(proxyPorts[0], proxyPorts[1]);

            Result second = run(state, proxyPorts, "up", COMMAND_TIMEOUT);
            assertThat(second.exitCode()).as(second.output()).isNotZero();
            assertThat(second.output()).contains("already running");
            assertEveryProcessRunning(run(state, proxyPorts, "status", COMMAND_TIMEOUT));

            writeThroughOneProxyAndCountThroughTheOther(proxyPorts);

            Result down = run(state, proxyPorts, "down", COMMAND_TIMEOUT);
            assertThat(down.exitCode()).as(down.output()).isZero();
            assertThat(running)
                    .allSatisfy(line -> assertThat(ProcessHandle.of(line.pid()).map(ProcessHandle::isAlive))
                            .as("%s (pid %d) after down", line.name(), line.pid())
                            .isNotEqualTo(Optional.of(true)));
            Result after = run(state, proxyPorts, "status", COMMAND_TIMEOUT);
            assertThat(after.exitCode()).as(after.output()).isNotZero();
            assertThat(after.statusLines()).hasSize(10).allSatisfy(line -> assertThat(line.state())
                    .isEqualTo("dead"));
            Result again = run(state, proxyPorts, "down", COMMAND_TIMEOUT);
            assertThat(again.exitCode()).as(again.output()).isZero();
            assertThat(again.output()).contains("nothing running");
        } finally {
            run(state, proxyPorts, "down", COMMAND_TIMEOUT); // in case an assertion failed with the cluster up
        }
    }

    /** Checks status lists the three services and the seven Quiver processes, all running. */
    private static List<StatusLine> assertEveryProcessRunning(Result status) {
        assertThat(status.exitCode()).as(status.output()).isZero();
        List<StatusLine> lines = status.statusLines();
        assertThat(lines).as(status.output()).hasSize(10);
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.state()).as(line.name()).isEqualTo("running");
            assertThat(ProcessHandle.of(line.pid()).map(ProcessHandle::isAlive))
                    .as(line.name())
                    .contains(true);
        });
        assertThat(lines.subList(0, 3)).extracting(StatusLine::role).containsExactlyElementsOf(SERVICES);
        Map<String, Long> roles = lines.stream()
                .filter(line -> QUIVER_ROLES.containsKey(line.role()))
                .collect(Collectors.groupingBy(StatusLine::role, Collectors.counting()));
        assertThat(roles).isEqualTo(QUIVER_ROLES);
        assertThat(lines).extracting(StatusLine::pid).doesNotHaveDuplicates();
        return lines;
    }

    private static void writeThroughOneProxyAndCountThroughTheOther(int[] proxyPorts) {
        long seed = System.nanoTime();
        System.out.println("LocalClusterScriptIT seed " + seed);
        Random random = new Random(seed);
        MilvusClientV2 first = connect(proxyPorts[0]);
        MilvusClientV2 second = connect(proxyPorts[1]);
        try {
            Rows.createCollection(first, "tryit", 2, 64);
            Rows.indexAndLoad(first, "tryit");
            List<float[]> vectors = new ArrayList<>();
            List<JsonObject> rows = Rows.rows(0, 1_000, random, vectors);
            long inserted = 0;
            for (int from = 0; from < rows.size(); from += 250) {
                InsertResp response = first.insert(InsertReq.builder()
                        .collectionName("tryit")
                        .data(rows.subList(from, from + 250))
                        .build());
                inserted += response.getInsertCnt();
            }
            assertThat(inserted).isEqualTo(1_000);

            assertThat(Rows.count(second, "tryit")).isEqualTo(1_000);
            assertThat(Rows.count(second, "tryit", "label == 7", List.of())).isEqualTo(100);
            SearchResp hits = second.search(SearchReq.builder()
                    .collectionName("tryit")
                    .data(List.of(new FloatVec(vectors.get(321))))
                    .topK(1)
                    .consistencyLevel(ConsistencyLevel.STRONG)
                    .build());
            assertThat(hits.getSearchResults().getFirst().getFirst().getId()).isEqualTo(321L);
        } finally {
            first.close();
            second.close();
        }
    }

    private static MilvusClientV2 connect(int port) {
        return new MilvusClientV2(ConnectConfig.builder()
                .uri("http://127.0.0.1:" + port)
                .connectTimeoutMs(10_000)
                .build());
    }

    /** Runs {@code scripts/local-cluster.sh COMMAND} with the given state directory and proxy ports. */
    private Result run(Path state, int[] proxyPorts, String command, Duration timeout) {
        Path script = repositoryRoot().resolve("scripts/local-cluster.sh");
        Path output = temp.resolve(command + "-" + System.nanoTime() + ".out");
        ProcessBuilder builder = new ProcessBuilder(script.toString(), command)
                .directory(repositoryRoot().toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("QUIVER_CLUSTER_DIR", state.toString());
        builder.environment()
                .put(
                        "QUIVER_PROXY_PORTS",
                        Arrays.stream(proxyPorts).mapToObj(Integer::toString).collect(Collectors.joining(" ")));
        try {
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail("local-cluster.sh %s did not finish within %s:%n%s", command, timeout, read(output));
            }
            String text = read(output);
            System.out.printf("local-cluster.sh %s exited with %d:%n%s", command, process.exitValue(), text);
            return new Result(process.exitValue(), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running local-cluster.sh " + command, e);
        }
    }

    /** The parent of this module's directory (Failsafe runs the tests in {@code integration-tests/}). */
    private static Path repositoryRoot() {
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        assertThat(root.resolve("scripts/local-cluster.sh"))
                .as("the repository root, parent of user.dir")
                .isExecutable();
        return root;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
