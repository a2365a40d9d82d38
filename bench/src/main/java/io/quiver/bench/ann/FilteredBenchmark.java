package io.quiver.bench.ann;

import io.quiver.bench.ann.systems.LuceneHnsw;
import io.quiver.bench.ann.systems.QuiverEngine;
import io.quiver.bench.ann.systems.QuiverServer;
import io.quiver.bench.ann.systems.RawJvector;
import io.quiver.bench.dataset.GroundTruth;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench filtered}: the ef sweep unfiltered and under each {@link Selections} filter, with the truth
 * of every filter computed by brute force over the rows it passes. Quiver runs through the SDK and
 * in-process; raw jvector (accept bits during the graph walk) and Lucene HNSW (accepted ords) are the
 * references.
 */
public final class FilteredBenchmark {
    private final Dataset data;
    private final AnnSettings settings;
    private final long seed;

    public FilteredBenchmark(Dataset data, AnnSettings settings, long seed) {
        this.data = Selections.withRandomField(data, seed);
        this.settings = settings;
        this.seed = seed;
    }

    public void run() throws Exception {
        System.out.println(Machine.describe());
        System.out.printf(
                Locale.ROOT,
                "dataset %s: %,d rows x %d, %,d queries, %s, k %d, seed %d%n",
                data.name(),
                data.base().length,
                data.dimension(),
                data.queries().length,
                data.metric(),
                settings.k(),
                seed);
        List<Selection> selections = Selections.of(data);
        Map<Selection, int[][]> truths = new LinkedHashMap<>();
        for (Selection selection : selections) {
            long started = System.nanoTime();
            truths.put(
                    selection,
                    GroundTruth.exactAmong(
                            data.base(), data.queries(), settings.k(), data.metric(), selection.passing()));
            System.out.printf(
                    Locale.ROOT,
                    "filter %-7s (%s) passes %,d rows (%.2f%%); brute-force truth in %.1f s%n",
                    selection.label(),
                    selection.expression(),
                    selection.passing().cardinality(),
                    100 * selection.fraction(data.base().length),
                    (System.nanoTime() - started) / 1e9);
        }
        Sweep sweep = new Sweep(settings.k(), settings.efs(), settings.threads(), settings.warmup());
        List<SweepPoint> points = new ArrayList<>();
        if (settings.systems().contains("quiver")) {
            try (QuiverServer server = new QuiverServer();
                    QuiverEngine engine = new QuiverEngine(server)) {
                server.build(data, settings.m(), settings.beamWidth());
                engine.build(data, settings.m(), settings.beamWidth());
                points.addAll(sweepAll(sweep, engine, truths));
                points.addAll(sweepAll(sweep, server, truths));
            }
        }
        if (settings.systems().contains("jvector")) {
            try (RawJvector jvector = new RawJvector()) {
                jvector.build(data, settings.m(), settings.beamWidth());
                points.addAll(sweepAll(sweep, jvector, truths));
            }
        }
        if (settings.systems().contains("lucene")) {
            try (LuceneHnsw lucene = new LuceneHnsw()) {
                lucene.build(data, settings.m(), settings.beamWidth());
                points.addAll(sweepAll(sweep, lucene, truths));
            }
        }
        Files.createDirectories(settings.out());
        FilteredReport report = new FilteredReport(data, settings, selections, points);
        report.write(settings.out(), "filtered-" + data.name());
        System.out.println(report.summary());
    }

    private List<SweepPoint> sweepAll(Sweep sweep, AnnSystem system, Map<Selection, int[][]> truths) throws Exception {
        List<SweepPoint> points = new ArrayList<>(sweep.run(system, data.queries(), data.truth(), null));
        for (Map.Entry<Selection, int[][]> truth : truths.entrySet()) {
            points.addAll(sweep.run(system, data.queries(), truth.getValue(), truth.getKey()));
        }
        return points;
    }
}
