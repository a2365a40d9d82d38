package io.quiver.it.cluster;

import com.google.gson.JsonObject;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.quiver.server.e2e.Rows;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One client inserting batches of new keys through one proxy while another counts at Strong
 * consistency through the other, recording every acknowledged key, every error and every Strong read
 * that missed an acknowledged row.
 */
final class Workload implements AutoCloseable {
    static final int BATCH = 100;

    record Event(long nanos, boolean ok, String what) {}

    private final MilvusClientV2 writer;
    private final MilvusClientV2 reader;
    private final String collection;
    private final Random random;
    final ConcurrentSkipListSet<Long> acknowledged = new ConcurrentSkipListSet<>();
    final List<long[]> failedBatches = new CopyOnWriteArrayList<>();
    final List<Event> inserts = new CopyOnWriteArrayList<>();
    final List<Event> reads = new CopyOnWriteArrayList<>();
    final List<String> missedRows = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private final List<Thread> threads = new ArrayList<>();
    private long next;

    Workload(MilvusClientV2 writer, MilvusClientV2 reader, String collection, long seed) {
        this.writer = writer;
        this.reader = reader;
        this.collection = collection;
        this.random = new Random(seed);
    }

    Workload start() {
        threads.add(Thread.ofPlatform().name("workload-insert").start(this::insertLoop));
        threads.add(Thread.ofPlatform().name("workload-read").start(this::readLoop));
        return this;
    }

    private void insertLoop() {
        while (running) {
            long first = next;
            next += BATCH;
            List<JsonObject> rows = Rows.rows(first, BATCH, random, new ArrayList<>());
            try {
                writer.insert(InsertReq.builder()
                        .collectionName(collection)
                        .data(rows)
                        .build());
                for (long id = first; id < first + BATCH; id++) {
                    acknowledged.add(id);
                }
                inserts.add(new Event(System.nanoTime(), true, ""));
            } catch (RuntimeException e) {
                failedBatches.add(new long[] {first, first + BATCH});
                inserts.add(new Event(System.nanoTime(), false, e.getMessage()));
                pause(200);
            }
            pause(20);
        }
    }

    private void readLoop() {
        while (running) {
            int before = acknowledged.size();
            try {
                long count = Rows.count(reader, collection);
                reads.add(new Event(System.nanoTime(), true, ""));
                if (count < before) {
                    missedRows.add("Strong count " + count + " < " + before + " rows acknowledged before the read");
                }
            } catch (RuntimeException e) {
                reads.add(new Event(System.nanoTime(), false, e.getMessage()));
                pause(200);
            }
            pause(20);
        }
    }

    /** Nanos from {@code since} until both loops succeeded again, or -1 if not yet. */
    long resumedAfter(long since) {
        long insert = firstSuccessAfter(inserts, since);
        long read = firstSuccessAfter(reads, since);
        return insert < 0 || read < 0 ? -1 : Math.max(insert, read) - since;
    }

    /** Waits until both loops succeed after {@code since}; returns the nanos it took. */
    long awaitResumed(long since, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long resumed = resumedAfter(since);
            if (resumed >= 0) {
                return resumed;
            }
            pause(50);
        }
        throw new AssertionError("the workload did not resume within " + timeout + "; last errors: " + lastErrors());
    }

    List<String> errorsSince(long since) {
        List<String> errors = new ArrayList<>();
        for (List<Event> events : List.of(inserts, reads)) {
            for (Event event : events) {
                if (!event.ok() && event.nanos() >= since) {
                    errors.add(event.what());
                }
            }
        }
        return errors;
    }

    private String lastErrors() {
        List<String> errors = errorsSince(0);
        return errors.subList(Math.max(0, errors.size() - 3), errors.size()).toString();
    }

    private static long firstSuccessAfter(List<Event> events, long since) {
        for (Event event : events) {
            if (event.ok() && event.nanos() > since) {
                return event.nanos();
            }
        }
        return -1;
    }

    /** Keys of failed batches that nevertheless landed (a write may succeed after its client gave up). */
    List<Long> landedOfFailed() {
        List<Long> landed = new ArrayList<>();
        for (long[] batch : failedBatches) {
            List<?> ids = reader
                    .query(QueryReq.builder()
                            .collectionName(collection)
                            .filter("id >= " + batch[0] + " and id < " + batch[1])
                            .outputFields(List.of("id"))
                            .consistencyLevel(ConsistencyLevel.STRONG)
                            .build())
                    .getQueryResults()
                    .stream()
                    .map(r -> r.getEntity().get("id"))
                    .toList();
            ids.forEach(id -> landed.add((Long) id));
        }
        Collections.sort(landed);
        return landed;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
