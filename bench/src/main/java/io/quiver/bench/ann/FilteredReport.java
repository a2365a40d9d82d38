package io.quiver.bench.ann;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Writes the filtered sweep: {@code <name>.csv}, {@code <name>.png} and {@code <name>.md} with, per filter
 * and system, the best recall reached and the best one-thread QPS at recall >= 0.95, and the two filtered
 * targets checked for Quiver through the SDK.
 */
public final class FilteredReport {
    private static final double TARGET = 0.95;

    private final Dataset data;
    private final AnnSettings settings;
    private final List<Selection> selections;
    private final List<SweepPoint> points;

    public FilteredReport(Dataset data, AnnSettings settings, List<Selection> selections, List<SweepPoint> points) {
        this.data = data;
        this.settings = settings;
        this.selections = selections;
        this.points = points;
    }

    public void write(Path directory, String name) throws IOException {
        Files.writeString(directory.resolve(name + ".csv"), AnnReport.csv(points));
        RecallQpsPlot.write(
                directory.resolve(name + ".png"),
                String.format(Locale.ROOT, "%s filtered: recall@%d vs QPS", data.name(), settings.k()),
                points.stream().filter(p -> !p.system().equals("quiver-engine")).toList());
        Files.writeString(directory.resolve(name + ".md"), markdown(name));
        System.out.println("wrote " + directory.resolve(name + ".{csv,png,md}"));
    }

    private String markdown(String name) {
        List<String> systems =
                points.stream().map(SweepPoint::system).distinct().toList();
        StringBuilder md = new StringBuilder(String.format(
                Locale.ROOT,
                "# Filtered sweep: %s (%,d x %d, %s, %,d queries, k %d)%n%n",
                data.name(),
                data.base().length,
                data.dimension(),
                data.metric(),
                data.queries().length,
                settings.k()));
        md.append("Command: `").append(settings.command()).append("`  \n");
        md.append("Machine: ").append(Machine.describe()).append("  \n");
        md.append("Truth per filter: brute force over the rows it passes. QPS: one client thread, best at recall@")
                .append(settings.k())
                .append(" 0.95 read off the ef sweep (")
                .append(java.util.Arrays.toString(settings.efs()))
                .append(").\n\n![recall vs QPS](")
                .append(name)
                .append(".png)\n\n| filter | passing rows |");
        for (String system : systems) {
            md.append(' ').append(system).append(" best recall | QPS @ 0.95 |");
        }
        md.append("\n|---|---|").append("---|---|".repeat(systems.size())).append('\n');
        List<String> labels = new ArrayList<>();
        labels.add("none");
        selections.forEach(s -> labels.add(s.label()));
        for (String label : labels) {
            Selection selection = selections.stream()
                    .filter(s -> s.label().equals(label))
                    .findFirst()
                    .orElse(null);
            md.append("| ")
                    .append(selection == null ? "none" : label + " (`" + selection.expression() + "`)")
                    .append(" | ")
                    .append(
                            selection == null
                                    ? String.format(Locale.ROOT, "%,d", data.base().length)
                                    : String.format(
                                            Locale.ROOT,
                                            "%,d",
                                            selection.passing().cardinality()))
                    .append(" |");
            for (String system : systems) {
                md.append(String.format(Locale.ROOT, " %.4f |", bestRecall(system, label)));
                OptionalDouble qps = AtRecall.qps(points, system, label, TARGET);
                md.append(qps.isPresent() ? String.format(Locale.ROOT, " %,.0f |", qps.getAsDouble()) : " n/a |");
            }
            md.append('\n');
        }
        md.append("\n## Targets (quiver-server)\n\n")
                .append("- recall@10 >= 0.95 under every filter: ")
                .append(recallMet("quiver-server") ? "**met**" : "**not met**")
                .append("\n- 0.1% filter at least as fast as unfiltered (QPS at recall >= 0.95): ")
                .append(ratioText("quiver-server"))
                .append("\n\n## Every point\n\n")
                .append(AnnReport.csvTable(points));
        return md.toString();
    }

    private double bestRecall(String system, String label) {
        return points.stream()
                .filter(p -> p.system().equals(system) && p.selection().equals(label))
                .mapToDouble(SweepPoint::recall)
                .max()
                .orElse(Double.NaN);
    }

    private boolean recallMet(String system) {
        return selections.stream().allMatch(s -> bestRecall(system, s.label()) >= TARGET);
    }

    private String ratioText(String system) {
        OptionalDouble filtered = AtRecall.qps(points, system, "0.1%", TARGET);
        OptionalDouble unfiltered = AtRecall.qps(points, system, "none", TARGET);
        OptionalDouble ratio = AtRecall.ratio(filtered, unfiltered);
        if (ratio.isEmpty()) {
            return "**not measurable** (a sweep did not reach recall 0.95)";
        }
        return String.format(
                Locale.ROOT,
                "%,.0f vs %,.0f QPS, ratio %.2f, %s",
                filtered.getAsDouble(),
                unfiltered.getAsDouble(),
                ratio.getAsDouble(),
                ratio.getAsDouble() >= 1 ? "**met**" : "**not met**");
    }

    /** The last line the command prints. */
    public String summary() {
        StringBuilder line = new StringBuilder("summary: quiver-server QPS @ recall >= 0.95:");
        line.append(' ').append("none ").append(format(AtRecall.qps(points, "quiver-server", "none", TARGET)));
        for (Selection selection : selections) {
            line.append(", ")
                    .append(selection.label())
                    .append(' ')
                    .append(format(AtRecall.qps(points, "quiver-server", selection.label(), TARGET)));
        }
        return line.append("; every filter reaches 0.95: ")
                .append(recallMet("quiver-server") ? "yes" : "no")
                .toString();
    }

    private static String format(OptionalDouble qps) {
        return qps.isPresent() ? String.format(Locale.ROOT, "%,.0f", qps.getAsDouble()) : "n/a";
    }
}
