package io.quiver.coordinator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.embedded.EmbeddedMetaStore;
import io.quiver.coordinator.internal.ChannelLayout;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterLayoutTest {
    @TempDir
    Path directory;

    @Test
    void theFirstProcessFixesTheLayoutForEveryLaterOne() {
        try (MetaStore metaStore = EmbeddedMetaStore.open(directory, Clock.systemUTC())) {
            ChannelLayout first = ClusterLayout.agree(metaStore, new ChannelLayout("dml", 8));
            ChannelLayout later = ClusterLayout.agree(metaStore, new ChannelLayout("other", 4));

            assertThat(first).isEqualTo(new ChannelLayout("dml", 8));
            assertThat(later).isEqualTo(first);
        }
    }
}
