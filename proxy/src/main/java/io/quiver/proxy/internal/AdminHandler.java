package io.quiver.proxy.internal;

import io.quiver.coordinator.Catalog;
import io.quiver.coordinator.Coordinator;
import io.quiver.proto.milvus.AllocTimestampResponse;
import io.quiver.proto.milvus.CheckHealthResponse;
import io.quiver.proto.milvus.ConnectResponse;
import io.quiver.proto.milvus.GetVersionResponse;
import io.quiver.proto.milvus.ListDatabasesResponse;
import io.quiver.proto.milvus.ServerInfo;
import java.util.concurrent.atomic.AtomicLong;

/** Connection handshake, version, health, databases and timestamps. */
public final class AdminHandler {
    /** The Milvus API version Quiver answers to (SDKs gate features on it). */
    public static final String MILVUS_API_VERSION = "v2.6.0";

    private final Coordinator coordinator;
    private final String deployMode;
    private final AtomicLong connections = new AtomicLong();

    public AdminHandler(Coordinator coordinator, String deployMode) {
        this.coordinator = coordinator;
        this.deployMode = deployMode;
    }

    public ConnectResponse connect() {
        ServerInfo info = ServerInfo.newBuilder()
                .setBuildTags(MILVUS_API_VERSION)
                .setDeployMode(deployMode)
                .putReserved("server", "quiver")
                .build();
        return ConnectResponse.newBuilder()
                .setStatus(Statuses.OK)
                .setServerInfo(info)
                .setIdentifier(connections.incrementAndGet())
                .build();
    }

    public GetVersionResponse version() {
        return GetVersionResponse.newBuilder()
                .setStatus(Statuses.OK)
                .setVersion(MILVUS_API_VERSION)
                .build();
    }

    public CheckHealthResponse health() {
        return CheckHealthResponse.newBuilder()
                .setStatus(Statuses.OK)
                .setIsHealthy(true)
                .build();
    }

    public ListDatabasesResponse databases() {
        return ListDatabasesResponse.newBuilder()
                .setStatus(Statuses.OK)
                .addDbNames(Catalog.DEFAULT_DATABASE)
                .addDbIds(0)
                .addCreatedTimestamp(0)
                .build();
    }

    public AllocTimestampResponse allocTimestamp() {
        return AllocTimestampResponse.newBuilder()
                .setStatus(Statuses.OK)
                .setTimestamp(coordinator.timestampOracle().allocate())
                .build();
    }
}
