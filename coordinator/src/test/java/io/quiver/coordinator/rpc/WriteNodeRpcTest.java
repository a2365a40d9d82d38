package io.quiver.coordinator.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.coordinator.NodeAddress;
import io.quiver.coordinator.node.WriteNodeService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WriteNodeRpcTest {
    private final InProcessPeers peers = new InProcessPeers();

    @AfterEach
    void close() {
        peers.close();
    }

    @Test
    void flushReachesTheWriteNodeWithCollectionAndTimestamp() {
        List<long[]> flushes = new CopyOnWriteArrayList<>();
        WriteNodeService node = (collectionId, timestamp) -> flushes.add(new long[] {collectionId, timestamp});
        NodeAddress address = peers.start("writenode-1", new WriteNodeRpcService(node));
        RemoteWriteNode client = new RemoteWriteNode(address, peers.channels(), Duration.ofSeconds(10));

        client.flush(7, 461_168_601_842_738_790L);
        client.flush(8, 1);

        assertThat(flushes).containsExactly(new long[] {7, 461_168_601_842_738_790L}, new long[] {8, 1});
        assertThat(client.address()).isEqualTo(address);
    }
}
