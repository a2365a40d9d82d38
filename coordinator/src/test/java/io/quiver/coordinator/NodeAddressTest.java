package io.quiver.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NodeAddressTest {
    @Test
    void namesNodeAndTarget() {
        NodeAddress address = new NodeAddress("querynode-1", "10.0.0.7", 19_531);

        assertThat(address.target()).isEqualTo("10.0.0.7:19531");
        assertThat(address).hasToString("querynode-1 at 10.0.0.7:19531");
    }

    @Test
    void rejectsBlankNamesAndPortsOutOfRange() {
        assertThatThrownBy(() -> new NodeAddress(" ", "h", 1)).hasMessageContaining("node id must not be blank");
        assertThatThrownBy(() -> new NodeAddress("n", "", 1)).hasMessageContaining("host of node 'n'");
        assertThatThrownBy(() -> new NodeAddress("n", "h", 0)).hasMessageContaining("port 0 of node 'n'");
        assertThatThrownBy(() -> new NodeAddress("n", "h", 65_536)).hasMessageContaining("1 to 65535");
        assertThat(new NodeAddress("n", "h", 65_535).port()).isEqualTo(65_535);
    }
}
