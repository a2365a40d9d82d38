package io.quiver.querynode.internal;

import static io.quiver.querynode.internal.Fixtures.chunk;
import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.common.Timestamps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrimaryKeyIndexTest {
    private final PrimaryKeyIndex index = new PrimaryKeyIndex();

    private static Segment one(long sequence, long timestamp, long id) {
        return chunk(1, sequence, timestamp, new long[] {id}, new long[] {0}, new float[4]);
    }

    private static void permutations(int[] order, boolean[] used, int at, List<int[]> out) {
        if (at == order.length) {
            out.add(order.clone());
            return;
        }
        for (int event = 0; event < order.length; event++) {
            if (!used[event]) {
                used[event] = true;
                order[at] = event;
                permutations(order, used, at + 1, out);
                used[event] = false;
            }
        }
    }

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
    void deleteOfAnUnknownKeyEndsNothingButAnInsertThatArrivesLater() {
        Segment first = twoRows(1, 10, 1, 2);
        Fixtures.applyInsert(index, first);

        index.delete(99L, 20);
        index.delete("1", 20);

        assertThat(first.supersededTs).containsExactly(Timestamps.MAX, Timestamps.MAX);
        assertThat(index.size()).isEqualTo(2);

        Segment late = one(2, 15, 99);
        Fixtures.applyInsert(index, late);
        assertThat(late.supersededTs)
                .as("the tombstone at 20 ends the version at 15 that arrived after it")
                .containsExactly(20L);
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void anOlderInsertArrivingLateBecomesAnOlderVersion() {
        Segment newer = one(1, 20, 7);
        Segment older = one(2, 10, 7);
        Fixtures.applyInsert(index, newer);
        Fixtures.applyInsert(index, older);

        assertThat(older.supersededTs).containsExactly(20L);
        assertThat(newer.supersededTs).containsExactly(Timestamps.MAX);
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void aDeleteArrivingBeforeAnOlderInsertEndsIt() {
        Segment first = one(1, 10, 7);
        Fixtures.applyInsert(index, first);
        index.delete(7L, 30);
        Segment late = one(3, 20, 7);
        Fixtures.applyInsert(index, late);

        assertThat(first.supersededTs)
                .as("the version at 10 now ends at the late version's 20")
                .containsExactly(20L);
        assertThat(late.supersededTs)
                .as("the version at 20 ends at the tombstone")
                .containsExactly(30L);
        assertThat(index.size()).as("the key's newest entry is the tombstone").isZero();
    }

    @Test
    void aLateDeleteEndsOnlyTheVersionCurrentAtItsTimestamp() {
        Segment first = one(1, 10, 7);
        Segment third = one(2, 30, 7);
        Fixtures.applyInsert(index, first);
        Fixtures.applyInsert(index, third);
        index.delete(7L, 20);

        assertThat(first.supersededTs).containsExactly(20L);
        assertThat(third.supersededTs).containsExactly(Timestamps.MAX);
        assertThat(index.size()).isEqualTo(1);

        index.delete(7L, 5);
        assertThat(first.supersededTs)
                .as("a tombstone before the first version ends nothing")
                .containsExactly(20L);
    }

    @Test
    void upsertChainsArrivingInAnyOrderEndAtTheNextNewerEntry() {
        Segment at10 = one(1, 10, 7);
        Segment at20 = one(2, 20, 7);
        Segment at30 = one(3, 30, 7);
        Segment at40 = one(4, 40, 7);
        Fixtures.applyInsert(index, at40);
        Fixtures.applyInsert(index, at10);
        Fixtures.applyInsert(index, at30);
        Fixtures.applyInsert(index, at20);

        assertThat(at10.supersededTs).containsExactly(20L);
        assertThat(at20.supersededTs).containsExactly(30L);
        assertThat(at30.supersededTs).containsExactly(40L);
        assertThat(at40.supersededTs).containsExactly(Timestamps.MAX);

        index.delete(7L, 25);
        assertThat(at20.supersededTs).containsExactly(25L);
        assertThat(at30.supersededTs).as("the version at 30 keeps its end").containsExactly(40L);
        index.delete(7L, 45);
        assertThat(at40.supersededTs).containsExactly(45L);
        assertThat(index.size()).isZero();
    }

    @Test
    void atEqualTimestampsTheLaterRowOfARequestWins() {
        Segment request = chunk(1, 1, 10, new long[] {7, 7, 7}, new long[] {0, 0, 0}, new float[12]);
        Fixtures.applyInsert(index, request);

        assertThat(request.supersededTs)
                .as("the earlier rows end where they start: never visible")
                .containsExactly(10L, 10L, Timestamps.MAX);

        Segment older = one(2, 5, 7);
        Fixtures.applyInsert(index, older);
        assertThat(older.supersededTs).containsExactly(10L);
        assertThat(request.supersededTs).containsExactly(10L, 10L, Timestamps.MAX);
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void theEndsDoNotDependOnArrivalOrder() {
        // key 7: versions at 10, 30, 50, tombstones at 20, 40; key 8: tombstone at 15, version at 35
        long[] timestamps = {10, 30, 50, 20, 40, 15, 35};
        long[] keys = {7, 7, 7, 7, 7, 8, 8};
        boolean[] isVersion = {true, true, true, false, false, false, true};
        long[] expectedEnds = {20, 40, Timestamps.MAX, 0, 0, 0, Timestamps.MAX};
        List<int[]> orders = new ArrayList<>();
        permutations(new int[timestamps.length], new boolean[timestamps.length], 0, orders);
        assertThat(orders).hasSize(5040);
        for (int[] order : orders) {
            PrimaryKeyIndex fresh = new PrimaryKeyIndex();
            Segment[] versions = new Segment[timestamps.length];
            for (int event : order) {
                if (isVersion[event]) {
                    versions[event] = one(event, timestamps[event], keys[event]);
                    Fixtures.applyInsert(fresh, versions[event]);
                } else {
                    fresh.delete(keys[event], timestamps[event]);
                }
            }
            for (int event = 0; event < timestamps.length; event++) {
                if (isVersion[event]) {
                    assertThat(versions[event].supersededTs[0])
                            .as("end of the version at %d, arrival order %s", timestamps[event], Arrays.toString(order))
                            .isEqualTo(expectedEnds[event]);
                }
            }
            assertThat(fresh.size()).as("keys 7 and 8 live").isEqualTo(2);
        }
    }

    @Test
    void advanceKeepsOnlyWhatALateEntryCanNeed() {
        Segment at10 = one(1, 10, 7);
        Segment at20 = one(2, 20, 7);
        Segment at50 = one(3, 50, 7);
        Fixtures.applyInsert(index, at10);
        Fixtures.applyInsert(index, at20);
        Fixtures.applyInsert(index, at50);
        Fixtures.applyInsert(index, one(4, 12, 8));
        index.delete(8L, 14);
        index.delete(9L, 16);
        assertThat(index.entries()).isEqualTo(6);

        index.advance(35);
        assertThat(index.entries())
                .as("key 7: the newest version below 35 and the one above; keys 8, 9: nothing")
                .isEqualTo(2);
        assertThat(index.size()).isEqualTo(1);

        Segment late = one(5, 40, 7);
        Fixtures.applyInsert(index, late);
        assertThat(at20.supersededTs).containsExactly(40L);
        assertThat(late.supersededTs).containsExactly(50L);
        assertThat(at10.supersededTs).containsExactly(20L);

        index.advance(60);
        assertThat(index.entries()).as("key 7: one version").isEqualTo(1);
        index.delete(7L, 70);
        assertThat(at50.supersededTs).containsExactly(70L);
        index.advance(80);
        assertThat(index.entries()).isZero();
        assertThat(index.size()).isZero();

        index.advance(70);
        Segment again = one(6, 90, 7);
        Fixtures.applyInsert(index, again);
        assertThat(again.supersededTs).containsExactly(Timestamps.MAX);
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void moveRepointsEveryEntryOfThatRowSoALateEntryEndsTheMovedRow() {
        Segment chunk = one(1, 10, 7);
        Segment newer = one(2, 30, 7);
        Fixtures.applyInsert(index, chunk);
        Fixtures.applyInsert(index, newer);
        Segment sealed = new Segment(7, 1, chunk.rows, "id", Fixtures.position(1), true);
        sealed.supersede(0, chunk.supersededTs[0]);

        index.move(chunk, 0, sealed, 0, 7L);
        Fixtures.applyInsert(index, one(3, 20, 7));

        assertThat(sealed.supersededTs).containsExactly(20L);
        assertThat(chunk.supersededTs)
                .as("the dropped chunk is not marked again")
                .containsExactly(30L);
    }

    @Test
    void moveRepointsOnlyTheEntriesOfThatRow() {
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
