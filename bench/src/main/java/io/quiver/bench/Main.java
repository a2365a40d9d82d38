package io.quiver.bench;

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
              standalone   insert rows/s, search QPS and recall@10 through the Milvus SDK, server start time
                           with the data on disk, and peak heap, on Fashion-MNIST 60k (784-d, L2)
              cluster      against a running cluster (scripts/local-cluster.sh up): ingest through two
                           proxies, freshness (ack -> visible at Strong), query node recovery time

            Options:
              --data DIR        directory with the Fashion-MNIST files (default ../shared/data/fashion-mnist-784)
              --queries N       number of test queries to run (default 1000)
              --out FILE        markdown report to write (default docs/standalone-baseline.md)
              --ef LIST         comma-separated HNSW ef values to sweep (default 16,32,64,128,256)

            Options of cluster:
              --uris LIST       proxy URIs (default http://127.0.0.1:19530,http://127.0.0.1:19531)
              --rows N          rows to ingest (default 60000; beyond 60000 vectors repeat)
              --samples N       freshness samples (default 200)
              --out FILE        markdown report (default docs/cluster-baseline-<rows>.md)
            """;

    private Main() {}

    public static void main(String[] args) throws Exception {
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
