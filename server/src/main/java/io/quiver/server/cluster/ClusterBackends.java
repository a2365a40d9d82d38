package io.quiver.server.cluster;

import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.etcd.EtcdMetaStore;
import io.quiver.common.meta.etcd.EtcdMetaStoreConfig;
import io.quiver.storage.ObjectStore;
import io.quiver.storage.s3.S3ObjectStore;
import io.quiver.storage.s3.S3ObjectStoreConfig;
import io.quiver.wal.WriteAheadLog;
import io.quiver.wal.pulsar.PulsarWalConfig;
import io.quiver.wal.pulsar.PulsarWriteAheadLog;
import java.net.URI;
import java.util.Map;

/** Opens the production backends of a cluster process from its config: etcd, Pulsar and S3. */
final class ClusterBackends {
    private ClusterBackends() {}

    static MetaStore metaStore(ClusterConfig config) {
        return EtcdMetaStore.open(EtcdMetaStoreConfig.defaults()
                .withEndpoints(config.etcdEndpoints())
                .withNamespace(config.etcdNamespace()));
    }

    static WriteAheadLog log(ClusterConfig config) {
        return PulsarWriteAheadLog.open(PulsarWalConfig.defaults()
                .withServiceUrl(config.pulsarServiceUrl())
                .withNamespace(config.pulsarTenant(), config.pulsarNamespace())
                .withTopicPrefix(config.pulsarTopicPrefix()));
    }

    static ObjectStore objects(ClusterConfig config, Map<String, String> environment) {
        S3ObjectStoreConfig s3 = S3ObjectStoreConfig.defaults(URI.create(config.s3Endpoint()), config.s3Bucket())
                .withRegion(config.s3Region());
        if (!config.s3AccessKey().isEmpty()) {
            s3 = s3.withCredentials(config.s3AccessKey(), config.s3SecretKey());
        }
        return S3ObjectStore.open(s3, environment);
    }
}
