package io.quiver.bench.ann;

/**
 * One system at one search beam width: recall@k over every query, and throughput with one client thread
 * (with its latency percentiles) and with {@code threads} client threads.
 *
 * @param selection the filter's label, or {@code none}
 */
public record SweepPoint(
        String system,
        String selection,
        int ef,
        double recall,
        double qps,
        double p50Millis,
        double p99Millis,
        int threads,
        double qpsThreads) {}
