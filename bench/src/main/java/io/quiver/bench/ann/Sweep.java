package io.quiver.bench.ann;

import io.quiver.bench.dataset.GroundTruth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs every query against a built system at each beam width. Per width: a warm-up pass over the first
 * {@code warmup} queries (three times as many for the first width), a timed pass over all queries on one thread (recall, QPS, p50/p99 latency),
 * then a timed pass over all queries shared by {@code threads} threads (QPS). Queries run one at a time
 * per thread, as a client sending one request per query would.
 */
public final class Sweep {
    private final int k;
    private final int[] efs;
    private final int threads;
    private final int warmup;

    public Sweep(int k, int[] efs, int threads, int warmup) {
        this.k = k;
        this.efs = efs.clone();
        this.threads = threads;
        this.warmup = warmup;
    }

    /** Sweeps {@code system} over {@code queries}; {@code truth} is per query, under {@code selection}. */
    public List<SweepPoint> run(AnnSystem system, float[][] queries, int[][] truth, Selection selection)
            throws Exception {
        List<SweepPoint> points = new ArrayList<>();
        String label = selection == null ? "none" : selection.label();
        for (int i = 0; i < efs.length; i++) {
            int ef = efs[i];
            // the first width also warms up the code paths (JIT) of the whole system: three times as long
            int warmupQueries = i == 0 ? 3 * warmup : warmup;
            for (int q = 0; q < warmupQueries; q++) {
                system.search(queries[q % queries.length], k, ef, selection);
            }
            long[][] found = new long[queries.length][];
            long[] latencies = new long[queries.length];
            long started = System.nanoTime();
            for (int q = 0; q < queries.length; q++) {
                long t0 = System.nanoTime();
                found[q] = system.search(queries[q], k, ef, selection);
                latencies[q] = System.nanoTime() - t0;
            }
            double qps = queries.length / ((System.nanoTime() - started) / 1e9);
            Arrays.sort(latencies);
            double qpsThreads = threads > 1 ? concurrentQps(system, queries, ef, selection) : qps;
            SweepPoint point = new SweepPoint(
                    system.name(),
                    label,
                    ef,
                    GroundTruth.recall(truth, found, k),
                    qps,
                    latencies[latencies.length / 2] / 1e6,
                    latencies[Math.min(latencies.length - 1, (int) (latencies.length * 0.99))] / 1e6,
                    threads,
                    qpsThreads);
            System.out.printf(
                    Locale.ROOT,
                    "%-14s filter %-5s ef %4d  recall@%d %.4f  %,8.0f QPS  p50 %.3f ms  p99 %.3f ms  %d threads %,8.0f QPS%n",
                    point.system(),
                    label,
                    ef,
                    k,
                    point.recall(),
                    qps,
                    point.p50Millis(),
                    point.p99Millis(),
                    threads,
                    qpsThreads);
            points.add(point);
        }
        return points;
    }

    private double concurrentQps(AnnSystem system, float[][] queries, int ef, Selection selection) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> workers = new ArrayList<>();
            long started = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int q = next.getAndIncrement(); q < queries.length; q = next.getAndIncrement()) {
                        system.search(queries[q], k, ef, selection);
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            return queries.length / ((System.nanoTime() - started) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }
}
