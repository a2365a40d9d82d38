package io.quiver.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.server.e2e.QuiverStandalone;
import io.quiver.server.e2e.StandaloneOnly;
import org.junit.jupiter.api.Test;

/**
 * The standalone end-to-end suite ({@code io.quiver.server.e2e} in the server test-jar), unchanged,
 * against a cluster of separate processes (1 coordinator, 2 proxies, 2 write nodes, 2 query nodes) on
 * real etcd, Pulsar and S3Proxy. The fixture {@link QuiverStandalone} connects to the proxies named by
 * {@value QuiverStandalone#EXTERNAL_URIS} instead of starting a server. Tests marked {@link
 * StandaloneOnly} (they kill or restart the standalone process) are excluded here and listed with
 * their reasons; every other test must pass.
 */
class StandaloneSuiteOnClusterIT {

    @Test
    void theStandaloneEndToEndSuitePassesAgainstACluster() {
        PackageSuite suite = new PackageSuite(
                "io.quiver.server.e2e",
                StandaloneOnly.TAG,
                method -> PackageSuite.annotationValue(method, StandaloneOnly.class, StandaloneOnly::value));
        PackageSuite.Result result;
        try (QuiverCluster cluster = QuiverCluster.start(1, 2, 2, 2)) {
            String previous =
                    System.setProperty(QuiverStandalone.EXTERNAL_URIS, cluster.proxyUri(0) + "," + cluster.proxyUri(1));
            try {
                result = suite.run(System.out);
            } finally {
                if (previous == null) {
                    System.clearProperty(QuiverStandalone.EXTERNAL_URIS);
                } else {
                    System.setProperty(QuiverStandalone.EXTERNAL_URIS, previous);
                }
            }
        }
        var summary = result.summary();
        assertThat(summary.getTestsFoundCount())
                .as("tests found in the server test-jar")
                .isPositive();
        assertThat(result.excluded())
                .as("standalone-only tests (each reported with its reason)")
                .isNotEmpty()
                .noneMatch(line -> line.endsWith("(no reason given)"));
        assertThat(summary.getTestsFoundCount() + result.excluded().size())
                .as("every test of the package either ran or was reported as excluded")
                .isEqualTo(result.discovered());
        assertThat(result.problems())
                .as("failed, aborted or skipped tests and containers (printed above with stack traces)")
                .isZero();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(summary.getTestsFoundCount());
    }
}
