package io.quiver.bench.ann;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Writes a sweep's results: {@code <name>.csv} (every point), {@code <name>.png} (recall vs QPS) and
 * {@code <name>.md} (build costs, QPS at recall 0.95 and 0.99, the ratios the targets are stated in, and the
 * whole sweep).
 */
public final class AnnReport {
    static final double[] TARGET_RECALLS = {0.95, 0.99};

    private final Dataset data;
    private final AnnSettings settings;
    private final Map<String, BuildReport> builds;
    private final List<SweepPoint> points;
    private final List<String> notes;

    public AnnReport(
            Dataset data,
            AnnSettings settings,
            Map<String, BuildReport> builds,
            List<SweepPoint> points,
            List<String> notes) {
        this.notes = List.copyOf(notes);
        this.data = data;
        this.settings = settings;
        this.builds = builds;
        this.points = points;
    }

    public void write(Path directory, String name) throws IOException {
        Files.writeString(directory.resolve(name + ".csv"), csv(points));
        RecallQpsPlot.write(
                directory.resolve(name + ".png"),
                String.format(
                        Locale.ROOT,
                        "%s (%,d x %d, %s): recall@%d vs QPS, M %d, beam %d",
                        data.name(),
                        data.base().length,
                        data.dimension(),
                        data.metric(),
                        settings.k(),
                        settings.m(),
                        settings.beamWidth()),
                points);
        Files.writeString(directory.resolve(name + ".md"), markdown(name));
        System.out.println("wrote " + directory.resolve(name + ".{csv,png,md}"));
    }

    static String csv(List<SweepPoint> points) {
        StringBuilder out =
                new StringBuilder("system,filter,ef,recall,qps_1_thread,p50_ms,p99_ms,threads,qps_threads\n");
        for (SweepPoint p : points) {
            out.append(String.format(
                    Locale.ROOT,
                    "%s,%s,%d,%.4f,%.1f,%.3f,%.3f,%d,%.1f%n",
                    p.system(),
                    p.selection(),
                    p.ef(),
                    p.recall(),
                    p.qps(),
                    p.p50Millis(),
                    p.p99Millis(),
                    p.threads(),
                    p.qpsThreads()));
        }
        return out.toString();
    }

    /** Every sweep point as a markdown table. */
    static String csvTable(List<SweepPoint> points) {
        StringBuilder md = new StringBuilder(
                "| system | filter | ef | recall | QPS 1 thread | p50 ms | p99 ms | threads | QPS threads |\n"
                        + "|---|---|---|---|---|---|---|---|---|\n");
        for (SweepPoint p : points) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %d | %.4f | %,.0f | %.3f | %.3f | %d | %,.0f |%n",
                    p.system(),
                    p.selection(),
                    p.ef(),
                    p.recall(),
                    p.qps(),
                    p.p50Millis(),
                    p.p99Millis(),
                    p.threads(),
                    p.qpsThreads()));
        }
        return md.toString();
    }

    private String markdown(String name) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(
                Locale.ROOT,
                "# ANN sweep: %s (%,d x %d, %s, %,d queries, k %d)%n%n",
                data.name(),
                data.base().length,
                data.dimension(),
                data.metric(),
                data.queries().length,
                settings.k()));
        md.append("Command: `").append(settings.command()).append("`  \n");
        md.append("Machine: ").append(Machine.describe()).append("  \n");
        md.append(String.format(
                Locale.ROOT,
                "Every index: M %d, construction beam width %d. Concurrent pass: %d client threads.%n%n",
                settings.m(),
                settings.beamWidth(),
                settings.threads()));
        notes.forEach(note -> md.append(note).append("\n\n"));
        md.append("![recall vs QPS](").append(name).append(".png)\n\n");
        md.append("| system | load s | index build s | bytes per vector (heap + off-heap) |\n|---|---|---|---|\n");
        builds.forEach((system, build) -> md.append(String.format(
                Locale.ROOT,
                "| %s | %.2f | %.2f | %,.0f |%n",
                system,
                build.loadSeconds(),
                build.buildSeconds(),
                build.bytesPerVector(data.base().length))));
        md.append("\n")
                .append(equalRecallTable("none"))
                .append("\n")
                .append(ratios())
                .append("\n");
        md.append("## Every point\n\n").append(csvTable(points));
        return md.toString();
    }

    /** Best QPS of each system at recall >= 0.95 and >= 0.99, one thread and many. */
    String equalRecallTable(String selection) {
        StringBuilder md = new StringBuilder("| system |");
        for (double target : TARGET_RECALLS) {
            md.append(String.format(
                    Locale.ROOT, " QPS @ recall %.2f, 1 thread | %d threads |", target, settings.threads()));
        }
        md.append("\n|---|").append("---|---|".repeat(TARGET_RECALLS.length)).append('\n');
        for (String system : points.stream().map(SweepPoint::system).distinct().toList()) {
            md.append("| ").append(system).append(" |");
            for (double target : TARGET_RECALLS) {
                md.append(' ')
                        .append(format(AtRecall.qps(points, system, selection, target)))
                        .append(" |");
                md.append(' ')
                        .append(format(AtRecall.qpsThreads(points, system, selection, target)))
                        .append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }

    private String ratios() {
        StringBuilder md = new StringBuilder("## Targets\n\n| target | at 0.95 | at 0.99 | met |\n|---|---|---|---|\n");
        md.append(target(
                "quiver-server (SDK, 1 thread) / raw jvector (1 thread) >= 0.70",
                t -> AtRecall.ratio(
                        AtRecall.qps(points, "quiver-server", "none", t), AtRecall.qps(points, "jvector", "none", t)),
                0.70));
        md.append(target(
                "quiver-server " + settings.threads() + " threads / 1 thread >= 1.7",
                t -> AtRecall.ratio(
                        AtRecall.qpsThreads(points, "quiver-server", "none", t),
                        AtRecall.qps(points, "quiver-server", "none", t)),
                1.7));
        md.append(target(
                "quiver-engine (in-process) / Lucene HNSW >= 1.0",
                t -> AtRecall.ratio(
                        AtRecall.qps(points, "quiver-engine", "none", t),
                        AtRecall.qps(points, "lucene-hnsw", "none", t)),
                1.0));
        md.append(target(
                "quiver-engine / raw jvector (for reference)",
                t -> AtRecall.ratio(
                        AtRecall.qps(points, "quiver-engine", "none", t), AtRecall.qps(points, "jvector", "none", t)),
                0));
        return md.toString();
    }

    private static String target(String label, java.util.function.DoubleFunction<OptionalDouble> ratio, double goal) {
        OptionalDouble at95 = ratio.apply(0.95);
        OptionalDouble at99 = ratio.apply(0.99);
        String met = goal == 0
                ? "-"
                : at95.isPresent() && at99.isPresent() && at95.getAsDouble() >= goal && at99.getAsDouble() >= goal
                        ? "yes"
                        : "**no**";
        return String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", label, ratio(at95), ratio(at99), met);
    }

    /** The last line the command prints. */
    public String summary() {
        OptionalDouble quiver = AtRecall.qps(points, "quiver-server", "none", 0.95);
        OptionalDouble jvector = AtRecall.qps(points, "jvector", "none", 0.95);
        return String.format(
                Locale.ROOT,
                "summary: recall@%d >= 0.95: Quiver %s QPS, jvector %s QPS, ratio %s",
                settings.k(),
                format(quiver),
                format(jvector),
                ratio(AtRecall.ratio(quiver, jvector)));
    }

    private static String format(OptionalDouble qps) {
        return qps.isPresent() ? String.format(Locale.ROOT, "%,.0f", qps.getAsDouble()) : "n/a";
    }

    private static String ratio(OptionalDouble ratio) {
        return ratio.isPresent() ? String.format(Locale.ROOT, "%.2f", ratio.getAsDouble()) : "n/a";
    }
}
