package io.quiver.server;

import static java.util.Objects.requireNonNull;

import io.quiver.coordinator.CoordinatorConfig;
import io.quiver.querynode.QueryNodeConfig;
import io.quiver.writenode.WriteNodeConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of {@code quiver standalone}.
 *
 * @param host address to listen on
 * @param port Milvus API port (0 picks a free one)
 * @param dataDirectory holds the log ({@code wal/}), the meta store ({@code meta/}) and objects ({@code objects/})
 * @param readTimeout how long a read waits for shards to reach its consistency timestamp
 * @param maxMessageBytes the largest request accepted
 */
public record StandaloneConfig(
        String host,
        int port,
        Path dataDirectory,
        Duration readTimeout,
        int maxMessageBytes,
        CoordinatorConfig coordinator,
        WriteNodeConfig writeNode,
        QueryNodeConfig queryNode) {
    public static final int DEFAULT_PORT = 19530;

    public StandaloneConfig {
        requireNonNull(host, "host");
        requireNonNull(dataDirectory, "dataDirectory");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not 0 to 65535");
        }
    }

    public static StandaloneConfig defaults(Path dataDirectory) {
        return new StandaloneConfig(
                "0.0.0.0",
                DEFAULT_PORT,
                dataDirectory,
                Duration.ofSeconds(30),
                256 << 20,
                CoordinatorConfig.DEFAULTS,
                WriteNodeConfig.DEFAULTS,
                QueryNodeConfig.DEFAULTS);
    }

    public StandaloneConfig withHost(String newHost) {
        return new StandaloneConfig(
                newHost, port, dataDirectory, readTimeout, maxMessageBytes, coordinator, writeNode, queryNode);
    }

    public StandaloneConfig withPort(int newPort) {
        return new StandaloneConfig(
                host, newPort, dataDirectory, readTimeout, maxMessageBytes, coordinator, writeNode, queryNode);
    }

    public StandaloneConfig withDataDirectory(Path newDataDirectory) {
        return new StandaloneConfig(
                host, port, newDataDirectory, readTimeout, maxMessageBytes, coordinator, writeNode, queryNode);
    }
}
