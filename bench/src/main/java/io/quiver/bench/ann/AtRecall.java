package io.quiver.bench.ann;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Throughput at equal recall, as ann-benchmarks compares systems: the best QPS among a system's sweep
 * points whose recall reaches the target (empty if none does).
 */
public final class AtRecall {
    private AtRecall() {}

    /** Best one-thread QPS of {@code system} under {@code selection} at recall >= {@code target}. */
    public static OptionalDouble qps(List<SweepPoint> points, String system, String selection, double target) {
        return points.stream()
                .filter(p -> p.system().equals(system) && p.selection().equals(selection) && p.recall() >= target)
                .mapToDouble(SweepPoint::qps)
                .max();
    }

    /** Best many-thread QPS of {@code system} under {@code selection} at recall >= {@code target}. */
    public static OptionalDouble qpsThreads(List<SweepPoint> points, String system, String selection, double target) {
        return points.stream()
                .filter(p -> p.system().equals(system) && p.selection().equals(selection) && p.recall() >= target)
                .mapToDouble(SweepPoint::qpsThreads)
                .max();
    }

    /** {@code a / b}, or empty if either is missing. */
    public static OptionalDouble ratio(OptionalDouble a, OptionalDouble b) {
        return a.isPresent() && b.isPresent()
                ? OptionalDouble.of(a.getAsDouble() / b.getAsDouble())
                : OptionalDouble.empty();
    }
}
