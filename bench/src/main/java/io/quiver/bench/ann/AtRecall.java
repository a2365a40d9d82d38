package io.quiver.bench.ann;

import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/**
 * Throughput at equal recall. A system's sweep is a curve of (recall, QPS) points in beam-width order; its
 * QPS at recall {@code r} is the best of: any point with recall >= r, and the curve read at exactly r between
 * two consecutive points that bracket it (log QPS linear in recall). Reading the curve keeps a system whose
 * sweep just misses r at one width (0.9894 at ef 32, say) from being charged the next width's cost. Nothing
 * is extrapolated: a system whose sweep never reaches r has no figure.
 */
public final class AtRecall {
    private AtRecall() {}

    /** One-thread QPS of {@code system} under {@code selection} at recall {@code target}. */
    public static OptionalDouble qps(List<SweepPoint> points, String system, String selection, double target) {
        return at(points, system, selection, target, SweepPoint::qps);
    }

    /** Many-thread QPS of {@code system} under {@code selection} at recall {@code target}. */
    public static OptionalDouble qpsThreads(List<SweepPoint> points, String system, String selection, double target) {
        return at(points, system, selection, target, SweepPoint::qpsThreads);
    }

    /** {@code a / b}, or empty if either is missing. */
    public static OptionalDouble ratio(OptionalDouble a, OptionalDouble b) {
        return a.isPresent() && b.isPresent()
                ? OptionalDouble.of(a.getAsDouble() / b.getAsDouble())
                : OptionalDouble.empty();
    }

    private static OptionalDouble at(
            List<SweepPoint> points,
            String system,
            String selection,
            double target,
            ToDoubleFunction<SweepPoint> throughput) {
        List<SweepPoint> curve = points.stream()
                .filter(p -> p.system().equals(system) && p.selection().equals(selection))
                .sorted(Comparator.comparingInt(SweepPoint::ef))
                .toList();
        OptionalDouble best = curve.stream()
                .filter(p -> p.recall() >= target)
                .mapToDouble(throughput)
                .max();
        for (int i = 1; i < curve.size(); i++) {
            SweepPoint a = curve.get(i - 1);
            SweepPoint b = curve.get(i);
            double low = Math.min(a.recall(), b.recall());
            double high = Math.max(a.recall(), b.recall());
            if (low < target && target <= high) {
                double fraction = (target - a.recall()) / (b.recall() - a.recall());
                double logQps = Math.log(throughput.applyAsDouble(a))
                        + fraction * (Math.log(throughput.applyAsDouble(b)) - Math.log(throughput.applyAsDouble(a)));
                double read = Math.exp(logQps);
                if (best.isEmpty() || read > best.getAsDouble()) {
                    best = OptionalDouble.of(read);
                }
            }
        }
        return best;
    }
}
