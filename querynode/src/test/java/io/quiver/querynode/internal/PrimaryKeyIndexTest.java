package io.quiver.querynode.internal;

import static io.quiver.querynode.internal.Fixtures.chunk;
import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.common.Timestamps;
import org.junit.jupiter.api.Test;

class PrimaryKeyIndexTest {
    private final PrimaryKeyIndex index = new PrimaryKeyIndex();

    private static Segment twoRows(long sequence, long timestamp, long firstId, long secondId) {
        return chunk(1, sequence, timestamp, new long[] {firstId, secondId}, new long[] {0, 0}, new float[8]);
    }

    @Test
    void putOfANewKeySupersedesNothing() {
        Segment first = twoRows(1, 10, 1, 2);
        index.put(1L, first, 0, 10);
        index.put(2L, first, 1, 10);

        assertThat(first.supersededTs).containsExactly(Timestamps.MAX, Timestamps.MAX);
        assertThat(first.allVisibleAt(10)).isTrue();
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void putSupersedesThePreviousVersionAtTheNewTimestamp() {
        Segment first = twoRows(1, 10, 1, 2);
        Segment second = twoRows(2, 20, 2, 3);
        Fixtures.applyInsert(index, first);
        Fixtures.applyInsert(index, second);

        assertThat(first.supersededTs).containsExactly(Timestamps.MAX, 20L);
        assertThat(second.supersededTs).containsExactly(Timestamps.MAX, Timestamps.MAX);
        assertThat(index.size()).isEqualTo(3);

        Segment third = twoRows(3, 30, 2, 4);
        Fixtures.applyInsert(index, third);
        assertThat(first.supersededTs[1])
                .as("an already superseded version keeps its end")
                .isEqualTo(20L);
        assertThat(second.supersededTs[0]).isEqualTo(30L);
    }

    @Test
    void deleteSupersedesTheLatestVersionAndForgetsTheKey() {
        Segment first = twoRows(1, 10, 1, 2);
        Fixtures.applyInsert(index, first);

        index.delete(1L, 15);
        assertThat(first.supersededTs).containsExactly(15L, Timestamps.MAX);
        assertThat(index.size()).isEqualTo(1);

        index.delete(1L, 25);
        assertThat(first.supersededTs[0]).as("a second delete changes nothing").isEqualTo(15L);

        Segment again = twoRows(2, 30, 1, 7);
        Fixtures.applyInsert(index, again);
        assertThat(first.supersededTs[0])
                .as("re-inserting a deleted key leaves the old version alone")
                .isEqualTo(15L);
        assertThat(again.supersededTs).containsExactly(Timestamps.MAX, Timestamps.MAX);
    }

    @Test
    void deleteOfAnUnknownKeyIsANoOp() {
        Segment first = twoRows(1, 10, 1, 2);
        Fixtures.applyInsert(index, first);

        index.delete(99L, 20);
        index.delete("1", 20);

        assertThat(first.supersededTs).containsExactly(Timestamps.MAX, Timestamps.MAX);
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void moveRepointsOnlyWhenTheKeysLatestVersionIsExactlyThatRow() {
        Segment chunk = twoRows(1, 10, 1, 2);
        Segment newer = twoRows(2, 20, 2, 3);
        Fixtures.applyInsert(index, chunk);
        Fixtures.applyInsert(index, newer);
        Segment sealed = new Segment(7, 1, chunk.rows, "id", Fixtures.position(1), true);

        index.move(chunk, 0, sealed, 0, 1L);
        index.move(chunk, 1, sealed, 1, 2L);
        index.move(chunk, 1, sealed, 0, 1L);
        index.move(chunk, 0, sealed, 0, 99L);

        index.put(1L, twoRows(3, 30, 1, 5), 0, 30);
        assertThat(sealed.supersededTs[0])
                .as("key 1 was moved to the sealed row")
                .isEqualTo(30L);
        assertThat(chunk.supersededTs[0])
                .as("the dropped chunk is no longer marked")
                .isEqualTo(Timestamps.MAX);

        index.delete(2L, 40);
        assertThat(newer.supersededTs[0])
                .as("key 2's latest is in the newer chunk, not moved")
                .isEqualTo(40L);
        assertThat(sealed.supersededTs[1]).isEqualTo(Timestamps.MAX);
        assertThat(chunk.supersededTs[1]).isEqualTo(20L);
        assertThat(index.size()).isEqualTo(2);
    }
}
