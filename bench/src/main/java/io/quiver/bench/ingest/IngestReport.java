package io.quiver.bench.ingest;

import io.quiver.bench.ann.Machine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Writes {@code ingest.csv} and {@code ingest.md} into the results directory. */
final class IngestReport {
    private final List<IngestRun> runs;
    private final Freshness freshness;
    private final int rows;
    private final int dimension;
    private final String serverLine;
    private final String command;

    IngestReport(
            List<IngestRun> runs, Freshness freshness, int rows, int dimension, String serverLine, String command) {
        this.runs = runs;
        this.freshness = freshness;
        this.rows = rows;
        this.dimension = dimension;
        this.serverLine = serverLine;
        this.command = command;
    }

    void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        StringBuilder csv = new StringBuilder("form,batch,threads,rows,seconds,rows_per_s,mb_per_s\n");
        for (IngestRun run : runs) {
            csv.append(String.format(
                    Locale.ROOT,
                    "%s,%d,%d,%d,%.3f,%.0f,%.1f%n",
                    run.form(),
                    run.batch(),
                    run.threads(),
                    run.rows(),
                    run.seconds(),
                    run.rowsPerSecond(),
                    run.megabytesPerSecond()));
        }
        Files.writeString(directory.resolve("ingest.csv"), csv);
        StringBuilder md = new StringBuilder(
                String.format(Locale.ROOT, "# Ingest: %,d rows x %d through the Milvus Java SDK%n%n", rows, dimension));
        md.append("Command: `").append(command).append("`  \n");
        md.append("Machine: ").append(Machine.describe()).append("  \n");
        md.append("Server: ").append(serverLine).append(".\n\n");
        md.append("| SDK form | batch | client threads | rows/s | MB/s (vectors) |\n|---|---|---|---|---|\n");
        for (IngestRun run : runs) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %,d | %d | %,.0f | %.1f |%n",
                    run.form(),
                    run.batch(),
                    run.threads(),
                    run.rowsPerSecond(),
                    run.megabytesPerSecond()));
        }
        md.append(String.format(
                Locale.ROOT,
                "%nFreshness (insert acknowledged -> returned by a Strong query), %d samples: p50 %.1f ms, p99 %.1f ms, max %.1f ms.%n",
                freshness.millis().length,
                freshness.percentile(0.50),
                freshness.percentile(0.99),
                freshness.max()));
        Files.writeString(directory.resolve("ingest.md"), md);
        System.out.println("wrote " + directory.resolve("ingest.{csv,md}"));
    }

    /** The last line the command prints. */
    String summary() {
        IngestRun best = runs.stream()
                .max(Comparator.comparingDouble(IngestRun::rowsPerSecond))
                .orElseThrow();
        return String.format(
                Locale.ROOT,
                "ingest: best %,.0f rows/s (%s, batch %,d, %d threads); freshness p50 %.1f ms p99 %.1f ms",
                best.rowsPerSecond(),
                best.form(),
                best.batch(),
                best.threads(),
                freshness.percentile(0.50),
                freshness.percentile(0.99));
    }
}
