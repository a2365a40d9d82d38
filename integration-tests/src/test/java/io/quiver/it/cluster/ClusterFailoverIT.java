package io.quiver.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.collection.request.ReleaseCollectionReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.quiver.proto.milvus.AllocTimestampRequest;
import io.quiver.proto.milvus.MilvusServiceGrpc;
import io.quiver.server.e2e.Rows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults under load: one client inserts continuously through one proxy while another reads exact
 * counts at Strong consistency through the other; each test kills or restarts one part of the cluster
 * and measures how long until both clients succeed again, the errors they saw, and whether any
 * acknowledged row was missing from a Strong read. The last test stops the load and checks that no row
 * is lost or duplicated, also after reloading everything from binlogs. Prints a report table.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailoverIT {
    private static final Duration RESUME_TIMEOUT = Duration.ofSeconds(90);
    private static final String COLLECTION = "failover";
    private static final List<String> REPORT = new ArrayList<>();

    private static QuiverCluster cluster;
    private static MilvusClientV2 writer;
    private static MilvusClientV2 reader;
    private static Workload workload;

    @BeforeAll
    static void startClusterAndLoad() {
        cluster = QuiverCluster.start(2, 2, 2, 2);
        writer = connect(cluster.proxyUri(0));
        reader = connect(cluster.proxyUri(1));
        Rows.createCollection(writer, COLLECTION, 4, 64);
        Rows.indexAndLoad(writer, COLLECTION);
        long seed = System.nanoTime();
        System.out.println("ClusterFailoverIT seed " + seed);
        workload = new Workload(writer, reader, COLLECTION, seed).start();
        workload.awaitResumed(System.nanoTime(), RESUME_TIMEOUT);
        pause(Duration.ofSeconds(2));
    }

    @AfterAll
    static void stopCluster() {
        if (workload != null) {
            workload.close();
        }
        System.out.println(
                "ClusterFailoverIT report\n| fault | service resumed after | client errors | acknowledged rows missing | duplicate keys |\n|---|---|---|---|---|");
        REPORT.forEach(System.out::println);
        if (writer != null) {
            writer.close();
        }
        if (reader != null) {
            reader.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void killAQueryNode() {
        fault("kill -9 a query node", () -> cluster.queryNodes.getFirst().kill());
    }

    @Test
    @Order(2)
    void killAWriteNodeThenFlush() {
        fault("kill -9 a write node", () -> cluster.writeNodes.getFirst().kill());
        long begin = System.nanoTime();
        writer.flush(FlushReq.builder().collectionNames(List.of(COLLECTION)).build());
        REPORT.add("| flush after the write node's death | " + millis(System.nanoTime() - begin) + " | - | - | - |");
    }

    @Test
    @Order(3)
    void killTheCoordinatorLeader() {
        long before = allocTimestamp(cluster.proxyUri(0));
        RoleProcess leader = cluster.awaitLeader(Duration.ofSeconds(5));
        fault("kill -9 the coordinator leader", leader::kill);
        long after = allocTimestamp(cluster.proxyUri(1));
        assertThat(after).as("timestamps never go back across a failover").isGreaterThan(before);
    }

    @Test
    @Order(4)
    void restartThePulsarBroker() {
        fault("restart Pulsar (kill -9, start)", () -> {
            cluster.pulsar.kill();
            cluster.pulsar.start();
        });
    }

    @Test
    @Order(5)
    void restartEtcd() {
        fault("restart etcd (kill -9, start)", () -> {
            cluster.etcd.kill();
            cluster.etcd.start();
        });
    }

    @Test
    @Order(6)
    void aThirdQueryNodeTakesShardsWithoutAFailedSearch() {
        long begin = System.nanoTime();
        RoleProcess added = cluster.addQueryNode().awaitLog("ready", QuiverCluster.START_TIMEOUT);
        RoleProcess leader = cluster.awaitLeader(RESUME_TIMEOUT);
        long deadline = System.nanoTime() + RESUME_TIMEOUT.toNanos();
        while (!leader.log().contains("now served by '" + added.name() + "'") && System.nanoTime() < deadline) {
            pause(Duration.ofMillis(200));
        }
        assertThat(leader.log()).contains("now served by '" + added.name() + "'");
        pause(Duration.ofSeconds(8)); // past the old node's release grace
        List<String> readErrors = workload.reads.stream()
                .filter(e -> !e.ok() && e.nanos() >= begin)
                .map(Workload.Event::what)
                .toList();
        REPORT.add("| add a third query node (rebalance) | no interruption | " + readErrors.size() + " read errors | "
                + workload.missedRows.size() + " | - |");
        assertThat(readErrors).as("searches failed during the rebalance").isEmpty();
    }

    @Test
    @Order(7)
    void nothingAcknowledgedIsLostOrDuplicatedAlsoAfterReloadingFromBinlogs() {
        workload.close();
        writer.flush(FlushReq.builder().collectionNames(List.of(COLLECTION)).build());
        Set<Long> expected = new HashSet<>(workload.acknowledged);
        expected.addAll(workload.landedOfFailed());
        assertThat(workload.missedRows)
                .as("Strong reads that missed acknowledged rows")
                .isEmpty();
        assertExactly(expected);

        writer.releaseCollection(
                ReleaseCollectionReq.builder().collectionName(COLLECTION).build());
        writer.loadCollection(
                LoadCollectionReq.builder().collectionName(COLLECTION).build());
        assertExactly(expected);
        REPORT.add("| final check (" + expected.size() + " rows, reloaded from binlogs) | - | - | 0 | 0 |");
    }

    private static void assertExactly(Set<Long> expected) {
        assertThat(Rows.count(reader, COLLECTION)).isEqualTo(expected.size());
        long max = expected.stream().mapToLong(Long::longValue).max().orElse(0);
        List<Long> seen = new ArrayList<>();
        for (long from = 0; from <= max; from += 10_000) {
            reader.query(QueryReq.builder()
                            .collectionName(COLLECTION)
                            .filter("id >= " + from + " and id < " + (from + 10_000))
                            .outputFields(List.of("id"))
                            .consistencyLevel(ConsistencyLevel.STRONG)
                            .build())
                    .getQueryResults()
                    .forEach(r -> seen.add((Long) r.getEntity().get("id")));
        }
        assertThat(seen).as("no key twice").doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(expected);
    }

    private static void fault(String name, Runnable action) {
        int missedBefore = workload.missedRows.size();
        long begin = System.nanoTime();
        action.run();
        long resumed = workload.awaitResumed(begin, RESUME_TIMEOUT);
        List<String> errors = workload.errorsSince(begin);
        pause(Duration.ofSeconds(3));
        int missed = workload.missedRows.size() - missedBefore;
        REPORT.add("| " + name + " | " + millis(resumed) + " | " + errors.size() + " (" + summary(errors) + ") | "
                + missed + " | checked at the end |");
        assertThat(workload.missedRows)
                .as("Strong reads missed acknowledged rows")
                .isEmpty();
    }

    private static String summary(List<String> errors) {
        if (errors.isEmpty()) {
            return "none";
        }
        String first = errors.getFirst();
        return (first.length() > 120 ? first.substring(0, 120) + "…" : first).replace('|', '/');
    }

    private static long allocTimestamp(String uri) {
        String target = uri.substring("http://".length());
        ManagedChannel channel =
                NettyChannelBuilder.forTarget(target).usePlaintext().build();
        try {
            long deadline = System.nanoTime() + RESUME_TIMEOUT.toNanos();
            while (true) {
                try {
                    return MilvusServiceGrpc.newBlockingStub(channel)
                            .withDeadlineAfter(10, TimeUnit.SECONDS)
                            .allocTimestamp(AllocTimestampRequest.getDefaultInstance())
                            .getTimestamp();
                } catch (RuntimeException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    pause(Duration.ofMillis(200));
                }
            }
        } finally {
            channel.shutdownNow();
        }
    }

    static MilvusClientV2 connect(String uri) {
        return new MilvusClientV2(ConnectConfig.builder()
                .uri(uri)
                .connectTimeoutMs(10_000)
                .rpcDeadlineMs(15_000)
                .build());
    }

    private static String millis(long nanos) {
        return String.format("%.1f s", nanos / 1e9);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
