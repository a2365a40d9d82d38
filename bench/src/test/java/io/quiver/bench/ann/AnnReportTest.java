package io.quiver.bench.ann;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.common.index.MetricType;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnReportTest {
    @TempDir
    Path directory;

    private static SweepPoint point(String system, int ef, double recall, double qps) {
        return new SweepPoint(system, "none", ef, recall, qps, 0.1, 0.2, 2, qps * 1.8);
    }

    @Test
    void writesCsvPlotAndTheTargetsAndSummary() throws Exception {
        Dataset data = new Dataset("toy", new float[100][4], new float[5][4], new int[5][10], MetricType.L2, Map.of());
        AnnSettings settings = AnnSettings.parse(Map.of("--threads", "2"), "bin/quiver bench ann");
        List<SweepPoint> points = List.of(
                point("quiver-server", 16, 0.96, 2_000),
                point("quiver-engine", 16, 0.96, 8_000),
                point("jvector", 16, 0.95, 6_000),
                point("lucene-hnsw", 16, 0.97, 5_000));
        AnnReport report = new AnnReport(
                data, settings, Map.of("jvector", new BuildReport(0, 1.5, 1_000, 0)), points, List.of("a note"));

        report.write(directory, "ann-toy");

        assertThat(Files.readAllLines(directory.resolve("ann-toy.csv")))
                .hasSize(5)
                .first()
                .isEqualTo("system,filter,ef,recall,qps_1_thread,p50_ms,p99_ms,threads,qps_threads");
        BufferedImage png = ImageIO.read(directory.resolve("ann-toy.png").toFile());
        assertThat(png.getWidth()).isPositive();
        String md = Files.readString(directory.resolve("ann-toy.md"));
        assertThat(md)
                .contains("a note")
                .contains("| quiver-server (SDK, 1 thread) / raw jvector (1 thread) >= 0.70 | 0.33 | n/a | **no** |")
                .contains("| quiver-engine (in-process) / Lucene HNSW >= 1.0 | 1.60 | n/a | **no** |");
        assertThat(report.summary())
                .isEqualTo("summary: recall@10 >= 0.95: Quiver 2,000 QPS, jvector 6,000 QPS, ratio 0.33");
    }
}
