package io.quiver.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestReportTest {
    @TempDir
    Path directory;

    @Test
    void reportsEveryRunAndSummarisesTheBestWithFreshnessPercentiles() throws Exception {
        List<IngestRun> runs = List.of(
                new IngestRun("columns", 100, 1, 60_000, 6.0, 784),
                new IngestRun("columns", 1_000, 2, 60_000, 2.5, 784),
                new IngestRun("rows (v2)", 1_000, 1, 60_000, 5.0, 784));
        double[] millis = new double[100];
        for (int i = 0; i < millis.length; i++) {
            millis[i] = i + 1;
        }
        IngestReport report =
                new IngestReport(runs, new Freshness(millis), 60_000, 784, "a test server", "bin/quiver bench ingest");

        report.write(directory);

        assertThat(Files.readAllLines(directory.resolve("ingest.csv")))
                .containsExactly(
                        "form,batch,threads,rows,seconds,rows_per_s,mb_per_s",
                        "columns,100,1,60000,6.000,10000,31.4",
                        "columns,1000,2,60000,2.500,24000,75.3",
                        "rows (v2),1000,1,60000,5.000,12000,37.6");
        assertThat(Files.readString(directory.resolve("ingest.md")))
                .contains("| columns | 1,000 | 2 | 24,000 | 75.3 |")
                .contains("p50 51.0 ms, p99 100.0 ms, max 100.0 ms");
        assertThat(report.summary())
                .isEqualTo(
                        "ingest: best 24,000 rows/s (columns, batch 1,000, 2 threads); freshness p50 51.0 ms p99 100.0 ms");
    }
}
