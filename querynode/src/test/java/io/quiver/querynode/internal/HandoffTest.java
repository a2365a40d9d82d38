package io.quiver.querynode.internal;

import static io.quiver.querynode.internal.Fixtures.chunk;
import static io.quiver.querynode.internal.Fixtures.position;
import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.common.Timestamps;
import io.quiver.coordinator.SegmentInfo;
import io.quiver.wal.LogPosition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Handoff must not change what any snapshot sees: the visible rows at every T are the same before and
 * after, no key is visible twice, and supersedes after the handoff land on the sealed rows.
 */
class HandoffTest {
    private static final long COLLECTION = 1;
    private static final int KEYS = 24;
    private static final int ROUNDS = 8;
    private static final int STEPS = 300;

    @Test
    void handoffKeepsVisibilityAndPrimaryKeyPointers() {
        PrimaryKeyIndex primaryKeys = new PrimaryKeyIndex();
        Segment first = chunk(1, 1, 10, new long[] {1, 2}, new long[] {11, 12}, new float[8]);
        Fixtures.applyInsert(primaryKeys, first);
        Segment second = chunk(2, 2, 20, new long[] {1}, new long[] {21}, new float[4]);
        Fixtures.applyInsert(primaryKeys, second);
        primaryKeys.delete(2L, 30); // entry 3
        Segment fourth = chunk(1, 4, 40, new long[] {3}, new long[] {43}, new float[4]);
        Fixtures.applyInsert(primaryKeys, fourth);
        ShardSegments before = new ShardSegments(List.of(), List.of(first, second, fourth));

        List<SegmentInfo> range = List.of(
                info(70, 0, LogPosition.BEGINNING, position(3), 0),
                info(71, 1, LogPosition.BEGINNING, position(3), 2),
                info(72, 2, LogPosition.BEGINNING, position(3), 1));
        ShardSegments after = Handoff.apply(before, range, "id", primaryKeys);

        assertThat(after.growing()).containsExactly(fourth);
        assertThat(after.sealed()).hasSize(2);
        Segment sealedOne = after.sealed().get(0);
        Segment sealedTwo = after.sealed().get(1);
        assertThat(sealedOne.id).isEqualTo(71);
        assertThat(sealedOne.sealed).isTrue();
        assertThat(sealedOne.partitionId).isEqualTo(1);
        assertThat(sealedOne.end).isEqualTo(position(3));
        assertThat(sealedOne.supersededTs).containsExactly(20L, 30L);
        assertThat(sealedTwo.id).isEqualTo(72);
        assertThat(sealedTwo.partitionId).isEqualTo(2);
        assertThat(sealedTwo.supersededTs).containsExactly(Timestamps.MAX);

        Segment fifth = chunk(1, 5, 50, new long[] {1, 3}, new long[] {51, 53}, new float[8]);
        Fixtures.applyInsert(primaryKeys, fifth);
        assertThat(sealedTwo.supersededTs).as("key 1 moved to the sealed row").containsExactly(50L);
        assertThat(second.supersededTs).as("the dropped chunk stays as it was").containsExactly(Timestamps.MAX);
        assertThat(fourth.supersededTs).as("key 3 is still growing").containsExactly(50L);
    }

    @Test
    void randomizedHandoffsKeepEverySnapshot() {
        long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("seed=" + seed);
        for (int round = 0; round < ROUNDS; round++) {
            new Simulation(new Random(seed + round)).run();
        }
    }

    private static SegmentInfo info(long id, long partitionId, LogPosition start, LogPosition end, long rows) {
        return new SegmentInfo(id, COLLECTION, partitionId, 0, start, end, rows, partitionId == 0 ? 1 : 0, 0, Map.of());
    }

    /** Random inserts, upserts, deletes and handoffs of one shard, checked against a model of each key's history. */
    private static final class Simulation {
        private record Event(long timestamp, String row) {}

        private final Random random;
        private final PrimaryKeyIndex primaryKeys = new PrimaryKeyIndex();
        private final Map<Long, List<Event>> history = new HashMap<>();
        private final Map<Segment, long[]> dropped = new IdentityHashMap<>();
        private final Map<Segment, Long> chunkSequence = new IdentityHashMap<>();
        private final Map<Segment, String[]> descriptions = new IdentityHashMap<>();
        private ShardSegments segments = ShardSegments.EMPTY;
        private long sequence;
        private long timestamp;
        private long committed;
        private boolean deletesSinceCommit;
        private long nextSegmentId = 1_000;

        Simulation(Random random) {
            this.random = random;
        }

        void run() {
            for (int step = 0; step < STEPS; step++) {
                int kind = random.nextInt(100);
                if (kind < 55) {
                    insert();
                } else if (kind < 75) {
                    delete();
                } else if (kind < 85) {
                    sequence++;
                    timestamp += 1 + random.nextInt(3);
                } else if (sequence > committed) {
                    handOff(committed + 1 + random.nextInt((int) (sequence - committed)));
                }
            }
            if (sequence > committed) {
                handOff(sequence);
            }
            assertThat(segments.growing()).isEmpty();
            checkSnapshots(segments);
            checkDroppedUntouched();
        }

        private void insert() {
            sequence++;
            timestamp += 1 + random.nextInt(3);
            long partition = 1 + random.nextInt(2);
            Set<Long> keys = new LinkedHashSet<>();
            int count = 1 + random.nextInt(4);
            while (keys.size() < count) {
                keys.add((long) random.nextInt(KEYS));
            }
            long[] ids = keys.stream().mapToLong(Long::longValue).toArray();
            long[] tags = new long[ids.length];
            float[] vectors = new float[ids.length * Fixtures.DIMENSION];
            for (int i = 0; i < ids.length; i++) {
                tags[i] = random.nextInt(1_000_000);
            }
            for (int i = 0; i < vectors.length; i++) {
                vectors[i] = random.nextFloat();
            }
            Segment chunk = chunk(partition, sequence, timestamp, ids, tags, vectors);
            chunkSequence.put(chunk, sequence);
            Fixtures.applyInsert(primaryKeys, chunk);
            segments = segments.withGrowing(chunk);
            for (int row = 0; row < chunk.size(); row++) {
                history.computeIfAbsent(ids[row], k -> new ArrayList<>())
                        .add(new Event(timestamp, describe(chunk, row)));
            }
        }

        private void delete() {
            sequence++;
            timestamp += 1 + random.nextInt(3);
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                long key = random.nextInt(KEYS + 4); // some keys never exist
                primaryKeys.delete(key, timestamp);
                history.computeIfAbsent(key, k -> new ArrayList<>()).add(new Event(timestamp, null));
            }
            deletesSinceCommit = true;
        }

        private void handOff(long end) {
            LogPosition start = committed == 0 ? LogPosition.BEGINNING : position(committed);
            List<Segment> covered = new ArrayList<>();
            List<Segment> remaining = new ArrayList<>();
            for (Segment chunk : segments.growing()) {
                (chunkSequence.get(chunk) <= end ? covered : remaining).add(chunk);
            }
            List<SegmentInfo> range = new ArrayList<>();
            if (deletesSinceCommit) {
                range.add(info(nextSegmentId++, SegmentInfo.ALL_PARTITIONS, start, position(end), 0));
            }
            for (long partition = 1; partition <= 2; partition++) {
                long p = partition;
                long rows = covered.stream()
                        .filter(c -> c.partitionId == p)
                        .mapToLong(Segment::size)
                        .sum();
                if (rows > 0) {
                    range.add(info(nextSegmentId++, partition, start, position(end), rows));
                }
            }
            if (range.isEmpty()) {
                committed = end;
                return; // a range of ticks only commits no segment
            }

            Map<Long, List<String>> before = checkSnapshots(segments);
            ShardSegments next = Handoff.apply(segments, range, "id", primaryKeys);

            assertThat(next.growing())
                    .as("chunks after the range end stay growing")
                    .containsExactlyElementsOf(remaining);
            List<Segment> added = next.sealed()
                    .subList(segments.sealed().size(), next.sealed().size());
            assertThat(next.sealed().subList(0, segments.sealed().size())).containsExactlyElementsOf(segments.sealed());
            List<SegmentInfo> rowInfos =
                    range.stream().filter(i -> !i.isTombstones()).toList();
            assertThat(added).hasSize(rowInfos.size());
            for (int i = 0; i < added.size(); i++) {
                Segment sealed = added.get(i);
                SegmentInfo info = rowInfos.get(i);
                assertThat(sealed.sealed).isTrue();
                assertThat(sealed.id).isEqualTo(info.id());
                assertThat(sealed.partitionId).isEqualTo(info.partitionId());
                assertThat(sealed.end).isEqualTo(position(end));
                assertThat((long) sealed.size()).isEqualTo(info.rowCount());
            }
            assertThat(checkSnapshots(next))
                    .as("visible rows at every snapshot, after handoff")
                    .isEqualTo(before);

            for (Segment chunk : covered) {
                dropped.put(chunk, chunk.supersededTs.clone());
            }
            segments = next;
            committed = end;
            deletesSinceCommit = false;
            checkDroppedUntouched();
        }

        /** Compares the visible rows at every snapshot with the model; returns them by snapshot. */
        private Map<Long, List<String>> checkSnapshots(ShardSegments current) {
            Map<Long, List<String>> bySnapshot = new HashMap<>();
            List<Segment> all = current.all();
            for (long snapshot = 0; snapshot <= timestamp + 1; snapshot++) {
                List<String> visible = new ArrayList<>();
                Set<Long> keys = new HashSet<>();
                for (Segment segment : all) {
                    for (int row = 0; row < segment.size(); row++) {
                        if (segment.visibleAt(row, snapshot)) {
                            long key = Fixtures.id(segment, row);
                            assertThat(keys.add(key))
                                    .as("key %d visible twice at %d", key, snapshot)
                                    .isTrue();
                            visible.add(descriptions.computeIfAbsent(segment, Simulation::describeAll)[row]);
                        }
                    }
                }
                visible.sort(null);
                assertThat(visible).as("visible rows at %d", snapshot).isEqualTo(expectedAt(snapshot));
                bySnapshot.put(snapshot, visible);
            }
            return bySnapshot;
        }

        private List<String> expectedAt(long snapshot) {
            List<String> expected = new ArrayList<>();
            for (List<Event> events : history.values()) {
                String latest = null;
                for (Event event : events) {
                    if (event.timestamp() <= snapshot) {
                        latest = event.row();
                    }
                }
                if (latest != null) {
                    expected.add(latest);
                }
            }
            expected.sort(null);
            return expected;
        }

        private void checkDroppedUntouched() {
            dropped.forEach((chunk, ends) -> assertThat(chunk.supersededTs)
                    .as("a handed-off chunk is never marked again")
                    .containsExactly(ends));
        }

        private static String[] describeAll(Segment segment) {
            String[] rows = new String[segment.size()];
            for (int row = 0; row < rows.length; row++) {
                rows[row] = describe(segment, row);
            }
            return rows;
        }

        private static String describe(Segment segment, int row) {
            return Fixtures.id(segment, row) + "|" + Fixtures.tag(segment, row) + "|"
                    + Arrays.toString(Fixtures.vector(segment, row)) + "|p" + segment.partitionId;
        }
    }
}
