package io.quiver.server;

import io.quiver.common.QuiverException;
import io.quiver.server.cluster.ClusterConfig;
import io.quiver.server.cluster.CoordinatorProcess;
import io.quiver.server.cluster.ProxyProcess;
import io.quiver.server.cluster.QueryNodeProcess;
import io.quiver.server.cluster.WriteNodeProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code quiver coordinator|proxy|writenode|querynode [--config FILE]}: one cluster role per process. */
final class ClusterMain {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterMain.class);

    private ClusterMain() {}

    static void run(String role, List<String> args) throws InterruptedException {
        Optional<Path> file = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--config") && i + 1 < args.size()) {
                file = Optional.of(Path.of(args.get(++i)));
            } else {
                exit(2, "unknown option " + args.get(i) + " for role " + role + "; use --config FILE");
            }
        }
        Map<String, String> environment = System.getenv();
        ClusterConfig config;
        try {
            config = ClusterConfig.load(file, environment);
        } catch (QuiverException e) {
            exit(2, e.getMessage());
            return;
        }
        // a thread that dies of an Error (out of memory) leaves the node half-working: stop it instead, so
        // its session ends and the cluster moves its work (a supervisor restarts it)
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            LOG.error("{}: thread {} died; stopping the process", role, thread.getName(), error);
            if (error instanceof Error) {
                Runtime.getRuntime().halt(4);
            }
        });
        // a node whose session expired has had its work moved: it must stop (a supervisor restarts it)
        Runnable onLost = () -> exit(3, role + " lost its cluster session; stopping");
        switch (role) {
            case "coordinator" -> {
                CoordinatorProcess process = CoordinatorProcess.start(config, onLost);
                Runtime.getRuntime().addShutdownHook(new Thread(process::close, "quiver-shutdown"));
                process.awaitTermination();
            }
            case "proxy" -> {
                ProxyProcess process = ProxyProcess.start(config, onLost);
                Runtime.getRuntime().addShutdownHook(new Thread(process::close, "quiver-shutdown"));
                process.awaitTermination();
            }
            case "writenode" -> {
                WriteNodeProcess process = WriteNodeProcess.start(config, environment, onLost);
                Runtime.getRuntime().addShutdownHook(new Thread(process::close, "quiver-shutdown"));
                process.awaitTermination();
            }
            case "querynode" -> {
                QueryNodeProcess process = QueryNodeProcess.start(config, environment, onLost);
                Runtime.getRuntime().addShutdownHook(new Thread(process::close, "quiver-shutdown"));
                process.awaitTermination();
            }
            default -> exit(2, "unknown role " + role);
        }
    }

    private static void exit(int status, String message) {
        LOG.error(message);
        System.err.println("quiver: " + message);
        System.exit(status);
    }
}
