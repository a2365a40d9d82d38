package io.quiver.common.meta.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.QuiverException;
import io.quiver.common.meta.WatchEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchHistoryTest {
    @Test
    void evictsWholeRevisions() {
        WatchHistory history = new WatchHistory(3, 0);
        history.add(List.of(put("a", 1)));
        history.add(List.of(put("b", 2), put("c", 2)));
        history.add(List.of(put("d", 3)));

        assertThat(history.oldestAvailable()).isEqualTo(2);
        assertThat(history.after(1, "")).extracting(WatchEvent::key).containsExactly("b", "c", "d");

        history.add(List.of(put("e", 4)));

        assertThat(history.oldestAvailable()).isEqualTo(3);
        assertThat(history.after(2, "")).extracting(WatchEvent::key).containsExactly("d", "e");
        assertThatThrownBy(() -> history.after(1, ""))
                .isInstanceOf(QuiverException.class)
                .hasMessage("revision 2 has been compacted; oldest available is 3 (watch from revision 2 or later)");
    }

    @Test
    void filtersByPrefixAndRevision() {
        WatchHistory history = new WatchHistory(10, 4);
        history.add(List.of(put("x/1", 5), put("y/1", 5)));
        history.add(List.of(put("x/2", 6)));

        assertThat(history.oldestAvailable()).isEqualTo(5);
        assertThat(history.after(4, "x/")).extracting(WatchEvent::key).containsExactly("x/1", "x/2");
        assertThat(history.after(5, "x/")).extracting(WatchEvent::key).containsExactly("x/2");
        assertThat(history.after(9, "x/")).isEmpty();
        assertThatThrownBy(() -> history.after(3, "x/")).hasMessageContaining("revision 4 has been compacted");
    }

    private static WatchEvent put(String key, long revision) {
        return new WatchEvent(WatchEvent.Type.PUT, key, new byte[] {1}, revision);
    }
}
