package io.quiver.server;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** {@code quiver <role> [options]}: the single entry point of every Quiver process. */
public final class Main {
    private static final String USAGE =
            """
            Usage: quiver <role> [options]

            Roles:
              standalone    every role in one process with embedded storage; serves the Milvus API
              coordinator   cluster: timestamp oracle, time ticks, placement (leader-elected; others stand by)
              proxy         cluster: the Milvus API (stateless; run any number)
              writenode     cluster: turns the log into binlogs and index files
              querynode     cluster: serves searches and queries of the shards placed on it

            Options of standalone:
              --port N          Milvus API port (default 19530)
              --host ADDR       address to listen on (default 0.0.0.0)
              --data-dir DIR    data directory (default ./data)

            Options of the cluster roles:
              --config FILE     a properties file (see docs/cluster.md); every key can be overridden
                                by an environment variable, e.g. QUIVER_ETCD_ENDPOINTS
            """;

    private Main() {}

    public static void main(String[] args) throws Exception {
        List<String> list = Arrays.asList(args);
        if (list.isEmpty()
                || list.contains("--help")
                || list.contains("-h")
                || list.getFirst().equals("help")) {
            System.out.print(USAGE);
            return;
        }
        switch (list.getFirst()) {
            case "standalone" -> runStandalone(list.subList(1, list.size()));
            case "coordinator", "proxy", "writenode", "querynode" ->
                ClusterMain.run(list.getFirst(), list.subList(1, list.size()));
            default -> fail("unknown role '" + list.getFirst() + "'\n\n" + USAGE);
        }
    }

    private static void runStandalone(List<String> args) throws InterruptedException {
        StandaloneConfig config = StandaloneConfig.defaults(Path.of("data"));
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            String value = i + 1 < args.size() ? args.get(++i) : null;
            if (value == null) {
                fail("option " + option + " needs a value");
            }
            config = switch (option) {
                case "--port" -> config.withPort(parsePort(value));
                case "--host" -> config.withHost(value);
                case "--data-dir" -> config.withDataDirectory(Path.of(value));
                default -> {
                    fail("unknown option " + option + "\n\n" + USAGE);
                    yield config;
                }
            };
        }
        StandaloneServer server = new StandaloneServer(config).start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "quiver-shutdown"));
        server.awaitTermination();
    }

    private static int parsePort(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            fail("--port takes a number, not '" + value + "'");
            return 0;
        }
    }

    private static void fail(String message) {
        System.err.println("quiver: " + message);
        System.exit(2);
    }
}
