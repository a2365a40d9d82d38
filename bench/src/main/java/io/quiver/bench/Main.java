package io.quiver.bench;

import io.quiver.bench.ann.AnnBenchmark;
import io.quiver.bench.ann.AnnSettings;
import io.quiver.bench.ann.DatasetFiles;
import io.quiver.bench.ann.FilteredBenchmark;
import io.quiver.bench.dataset.IdxFiles;
import io.quiver.bench.dataset.VecsFiles;
import io.quiver.bench.ingest.IngestBenchmark;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code quiver bench <case> [--option value ...]}. */
public final class Main {
    private static final String USAGE =
            """
            Usage: quiver bench <case> [options]

            Cases:
              ann          recall@k, QPS (1 and N client threads), p50/p99 latency, build and load time and
                           memory per vector over an ef sweep, for Quiver through the Milvus SDK, Quiver's
                           engine in-process, raw jvector and Lucene HNSW; CSV, PNG and markdown in --out
              standalone   insert rows/s, search QPS and recall@10 through the Milvus SDK, server start time
                           with the data on disk, and peak heap, on Fashion-MNIST 60k (784-d, L2)
              filtered     the ann sweep unfiltered and with filters passing 50%, 10%, 1% and 0.1% of rows
                           (a seeded random int field "rand") and label == 3 with IDX labels; truth by brute
                           force over the passing rows; same dataset options as ann, plus --seed N
                           (default 42); --query-count defaults to 1000, --ef to 10,16,32,64,128,
                           --systems to quiver,lucene (add jvector for raw jvector: slow under sparse filters)
              ingest       insert rows/s through the SDK (column form) for batches of 100, 1,000 and 10,000
                           rows with 1 and --threads client threads (default 2), one run in row form for
                           contrast, then freshness (insert ack -> returned by a Strong query) p50/p99;
                           options --data DIR or --base B.fvecs, --batches LIST, --samples N (200),
                           --uri URI (default: a standalone server in its own JVM), --out DIR
              cluster      against a running cluster (scripts/local-cluster.sh up): ingest through two
                           proxies, freshness (ack -> visible at Strong), query node recovery time

            Options:
              --data DIR        directory with the Fashion-MNIST files (default ../shared/data/fashion-mnist-784)
              --queries N       number of test queries to run (default 1000)
              --out FILE        markdown report to write (default docs/standalone-baseline.md)
              --ef LIST         comma-separated HNSW ef values to sweep (default 16,32,64,128,256)

            Options of ann (with no dataset named: Fashion-MNIST 60k from ../shared/data):
              --base FILE       base vectors, .fvecs or IDX images (also --idx-images FILE)
              --idx-labels FILE IDX labels of the base rows (scalar field "label")
              --queries FILE    query vectors, .fvecs or IDX images
              --truth FILE      .ivecs true neighbours per query (default: computed by brute force)
              --metric M        L2 (default), IP or COSINE
              --k N             neighbours per query (default 10)
              --query-count N   use the first N queries (default all)
              --ef LIST         beam widths to sweep (default 10,16,24,32,48,64,96,128,192,256)
              --threads N       client threads of the concurrent pass (default: cores)
              --m N, --beam N   graph degree and construction beam width of every index (default 16, 100)
              --systems LIST    any of quiver,jvector,lucene (default all)
              --out DIR         results directory (default bench/results)

            Options of cluster:
              --uris LIST       proxy URIs (default http://127.0.0.1:19530,http://127.0.0.1:19531)
              --rows N          rows to ingest (default 60000; beyond 60000 vectors repeat)
              --samples N       freshness samples (default 200)
              --out FILE        markdown report (default docs/cluster-baseline-<rows>.md)
            """;

    private Main() {}

    public static void main(String[] args) throws Exception {
        // The SDK jar carries its own copy of gRPC's native epoll library under the same resource name as
        // grpc-netty-shaded; netty then refuses both and an in-process server falls back to NIO. A server
        // in its own JVM (no SDK) uses epoll, so let the in-process one do the same.
        System.setProperty("io.grpc.netty.shaded.io.netty.native.detectNativeLibraryDuplicates", "false");
        List<String> list = Arrays.asList(args);
        if (list.isEmpty() || list.contains("--help")) {
            System.out.print(USAGE);
            return;
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i + 1 < list.size(); i += 2) {
            options.put(list.get(i), list.get(i + 1));
        }
        switch (list.getFirst()) {
            case "standalone" ->
                new StandaloneBaseline(
                                Path.of(options.getOrDefault("--data", "../shared/data/fashion-mnist-784")),
                                Integer.parseInt(options.getOrDefault("--queries", "1000")),
                                Arrays.stream(options.getOrDefault("--ef", "16,32,64,128,256")
                                                .split(","))
                                        .mapToInt(Integer::parseInt)
                                        .toArray(),
                                Path.of(options.getOrDefault("--out", "docs/standalone-baseline.md")))
                        .run();
            case "ann" -> {
                AnnSettings settings = AnnSettings.parse(options, "bin/quiver bench " + String.join(" ", args));
                new AnnBenchmark(DatasetFiles.load(options, settings.k()), settings).run();
            }
            case "filtered" -> {
                options.putIfAbsent("--query-count", "1000");
                options.putIfAbsent("--ef", "10,16,32,64,128");
                // raw jvector walks its graph until k rows pass: minutes per width under sparse filters
                options.putIfAbsent("--systems", "quiver,lucene");
                AnnSettings settings = AnnSettings.parse(options, "bin/quiver bench " + String.join(" ", args));
                long seed = Long.parseLong(options.getOrDefault("--seed", "42"));
                new FilteredBenchmark(DatasetFiles.load(options, settings.k()), settings, seed).run();
            }
            case "ingest" -> {
                float[][] rows = options.containsKey("--base")
                        ? VecsFiles.fvecs(Path.of(options.get("--base")), -1)
                        : IdxFiles.images(
                                Path.of(options.getOrDefault("--data", "../shared/data/fashion-mnist-784"))
                                        .resolve("train-images-idx3-ubyte.gz"),
                                -1);
                new IngestBenchmark(
                                rows,
                                Arrays.stream(options.getOrDefault("--batches", "100,1000,10000")
                                                .split(","))
                                        .mapToInt(Integer::parseInt)
                                        .toArray(),
                                Integer.parseInt(options.getOrDefault("--threads", "2")),
                                Integer.parseInt(options.getOrDefault("--samples", "200")),
                                Path.of(options.getOrDefault("--out", "bench/results")),
                                options.get("--uri"),
                                "bin/quiver bench " + String.join(" ", args))
                        .run();
            }
            case "cluster" -> {
                int rows = Integer.parseInt(options.getOrDefault("--rows", "60000"));
                new ClusterBaseline(
                                Arrays.asList(
                                        options.getOrDefault("--uris", "http://127.0.0.1:19530,http://127.0.0.1:19531")
                                                .split(",")),
                                Path.of(options.getOrDefault("--data", "../shared/data/fashion-mnist-784")),
                                rows,
                                Integer.parseInt(options.getOrDefault("--samples", "200")),
                                Path.of(options.getOrDefault("--out", "docs/cluster-baseline-" + rows + ".md")))
                        .run();
            }
            default -> {
                System.err.println("quiver bench: unknown case '" + list.getFirst() + "'\n\n" + USAGE);
                System.exit(2);
            }
        }
    }
}
