package io.quiver.bench.ann;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How a sweep runs.
 *
 * @param k neighbours per query (recall@k)
 * @param efs search beam widths to sweep
 * @param threads client threads of the concurrent pass
 * @param m graph degree of every index
 * @param beamWidth construction beam width (efConstruction) of every index
 * @param warmup queries run untimed before each beam width
 * @param systems which systems to run, by name
 * @param out directory for the CSV, PNG and markdown results
 * @param command the command line, for the report
 */
public record AnnSettings(
        int k,
        int[] efs,
        int threads,
        int m,
        int beamWidth,
        int warmup,
        List<String> systems,
        Path out,
        String command) {
    public static final List<String> ALL_SYSTEMS = List.of("quiver", "jvector", "lucene");

    public static AnnSettings parse(Map<String, String> options, String command) {
        int k = Integer.parseInt(options.getOrDefault("--k", "10"));
        int[] efs = Arrays.stream(options.getOrDefault("--ef", "10,16,24,32,48,64,96,128,192,256")
                        .split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        int threads = Integer.parseInt(options.getOrDefault(
                "--threads", Integer.toString(Runtime.getRuntime().availableProcessors())));
        List<String> systems = List.of(
                options.getOrDefault("--systems", String.join(",", ALL_SYSTEMS)).split(","));
        for (String system : systems) {
            if (!ALL_SYSTEMS.contains(system)) {
                throw new IllegalArgumentException("unknown system '" + system + "'; known: " + ALL_SYSTEMS);
            }
        }
        if (k < 1 || threads < 1 || Arrays.stream(efs).anyMatch(ef -> ef < 1)) {
            throw new IllegalArgumentException("--k, --threads and every --ef must be positive");
        }
        return new AnnSettings(
                k,
                efs,
                threads,
                Integer.parseInt(options.getOrDefault("--m", "16")),
                Integer.parseInt(options.getOrDefault("--beam", "100")),
                Integer.parseInt(options.getOrDefault("--warmup", "1000")),
                systems,
                Path.of(options.getOrDefault("--out", "bench/results")),
                command);
    }
}
