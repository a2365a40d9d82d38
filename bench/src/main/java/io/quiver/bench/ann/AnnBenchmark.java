package io.quiver.bench.ann;

import io.quiver.bench.ann.systems.LuceneHnsw;
import io.quiver.bench.ann.systems.QuiverEngine;
import io.quiver.bench.ann.systems.QuiverServer;
import io.quiver.bench.ann.systems.RawJvector;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench ann}: the same sweep over Quiver through the Milvus SDK, Quiver's engine in-process, raw
 * jvector and Lucene HNSW, one system at a time in this JVM, then the CSV, plot and report.
 */
public final class AnnBenchmark {
    private final Dataset data;
    private final AnnSettings settings;

    /** GetVersion calls per floor measurement (after as many to warm up). */
    private static final int FLOOR_CALLS = 20_000;

    public AnnBenchmark(Dataset data, AnnSettings settings) {
        this.data = data;
        this.settings = settings;
    }

    public void run() throws Exception {
        System.out.println(Machine.describe());
        System.out.printf(
                "dataset %s: %,d rows x %d, %,d queries, %s, k %d%n",
                data.name(), data.base().length, data.dimension(), data.queries().length, data.metric(), settings.k());
        Sweep sweep = new Sweep(settings.k(), settings.efs(), settings.threads(), settings.warmup());
        List<SweepPoint> points = new ArrayList<>();
        Map<String, BuildReport> builds = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        if (settings.systems().contains("quiver")) {
            try (QuiverServer server = new QuiverServer();
                    QuiverEngine engine = new QuiverEngine(server)) {
                builds.put(server.name(), build(server));
                engine.build(data, settings.m(), settings.beamWidth());
                points.addAll(sweep.run(engine, data.queries(), data.truth(), null));
                points.addAll(sweep.run(server, data.queries(), data.truth(), null));
                // after the sweeps, so client and server code are as warm as during the searches
                notes.add(String.format(
                        java.util.Locale.ROOT,
                        "Floor of an SDK round trip on this machine (GetVersion, no server work): %,.0f calls/s "
                                + "with one client thread, %,.0f with %d.",
                        server.emptyCallsPerSecond(FLOOR_CALLS, 1),
                        server.emptyCallsPerSecond(FLOOR_CALLS, settings.threads()),
                        settings.threads()));
                System.out.println(notes.getLast());
            }
        }
        if (settings.systems().contains("jvector")) {
            try (RawJvector jvector = new RawJvector()) {
                builds.put(jvector.name(), build(jvector));
                points.addAll(sweep.run(jvector, data.queries(), data.truth(), null));
            }
        }
        if (settings.systems().contains("lucene")) {
            try (LuceneHnsw lucene = new LuceneHnsw()) {
                builds.put(lucene.name(), build(lucene));
                points.addAll(sweep.run(lucene, data.queries(), data.truth(), null));
            }
        }
        Files.createDirectories(settings.out());
        AnnReport report = new AnnReport(data, settings, builds, points, notes);
        report.write(settings.out(), "ann-" + data.name());
        System.out.println(report.summary());
    }

    private BuildReport build(AnnSystem system) throws Exception {
        BuildReport report = system.build(data, settings.m(), settings.beamWidth());
        System.out.printf(
                "%s: load %.2f s, build %.2f s, %,.0f bytes per vector (heap %,d MiB, off-heap %,d MiB)%n",
                system.name(),
                report.loadSeconds(),
                report.buildSeconds(),
                report.bytesPerVector(data.base().length),
                report.heapBytes() >> 20,
                report.offHeapBytes() >> 20);
        return report;
    }
}
