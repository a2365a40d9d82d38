package io.quiver.coordinator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.meta.Compare;
import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.Op;
import io.quiver.common.meta.TxnResult;
import io.quiver.common.meta.embedded.EmbeddedMetaStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetaStoreIdAllocatorTest {
    @TempDir
    Path directory;

    private MetaStore metaStore;

    /** A block of ids {@code [first, first + count)} handed out by one call. */
    private record Range(long first, int count) {
        long end() {
            return first + count;
        }
    }

    @BeforeEach
    void openStore() {
        metaStore = EmbeddedMetaStore.open(directory, Clock.systemUTC());
    }

    @AfterEach
    void closeStore() {
        metaStore.close();
    }

    @Test
    void idsStartAtOneAndAreConsecutiveWithinABlock() {
        MetaStoreIdAllocator ids = new MetaStoreIdAllocator(metaStore);

        assertThat(ids.allocate(1)).isEqualTo(1);
        assertThat(ids.allocate(5)).isEqualTo(2);
        assertThat(ids.allocate(1)).isEqualTo(7);
    }

    @Test
    void idsAreUniqueAcrossFourThreads() throws Exception {
        long seed = Long.getLong("quiver.test.seed", System.nanoTime());
        System.out.println("seed=" + seed);
        MetaStoreIdAllocator ids = new MetaStoreIdAllocator(metaStore);
        List<Callable<List<Range>>> tasks = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Random random = new Random(seed + t);
            tasks.add(() -> allocateRandomly(ids, random, 2_000, 500));
        }

        List<Range> ranges = runAll(tasks);

        assertDisjoint(ranges);
        assertThat(ranges).hasSize(8_000);
    }

    @Test
    void blocksLargerThanTheReservationAreContiguousAndDisjoint() {
        MetaStoreIdAllocator ids = new MetaStoreIdAllocator(metaStore);
        List<Range> ranges = new ArrayList<>();
        for (int count : new int[] {3, MetaStoreIdAllocator.BLOCK * 2 + 7, 1, MetaStoreIdAllocator.BLOCK, 2}) {
            ranges.add(new Range(ids.allocate(count), count));
        }

        assertDisjoint(ranges);
    }

    @Test
    void reopenedAllocatorNeverReusesAnId() {
        MetaStoreIdAllocator before = new MetaStoreIdAllocator(metaStore);
        List<Range> ranges = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ranges.add(new Range(before.allocate(7), 7));
        }
        long highestBefore = ranges.getLast().end() - 1;

        metaStore.close();
        metaStore = EmbeddedMetaStore.open(directory, Clock.systemUTC());
        MetaStoreIdAllocator after = new MetaStoreIdAllocator(metaStore);
        long first = after.allocate(1);
        ranges.add(new Range(first, 1));

        assertThat(first).isGreaterThan(highestBefore);
        assertDisjoint(ranges);
    }

    @Test
    void twoAllocatorsOnOneStoreNeverHandOutTheSameId() throws Exception {
        long seed = Long.getLong("quiver.test.seed", System.nanoTime());
        System.out.println("seed=" + seed);
        MetaStoreIdAllocator a = new MetaStoreIdAllocator(metaStore);
        MetaStoreIdAllocator b = new MetaStoreIdAllocator(metaStore);
        List<Callable<List<Range>>> tasks = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            MetaStoreIdAllocator ids = t % 2 == 0 ? a : b;
            Random random = new Random(seed + t);
            // large counts force frequent, competing block reservations
            tasks.add(() -> allocateRandomly(ids, random, 300, 40_000));
        }

        assertDisjoint(runAll(tasks));
    }

    @Test
    void reservationThatLosesTheCompareAndSetRetriesAboveTheWinner() {
        MetaStoreIdAllocator competitor = new MetaStoreIdAllocator(metaStore);
        AtomicInteger interference = new AtomicInteger(1);
        List<Range> competitorRanges = new ArrayList<>();
        MetaStore racing = new ForwardingMetaStore(metaStore) {
            @Override
            public TxnResult txn(List<Compare> compares, List<Op> then, List<Op> otherwise) {
                if (interference.getAndDecrement() > 0) {
                    competitorRanges.add(new Range(competitor.allocate(1), 1));
                }
                return super.txn(compares, then, otherwise);
            }
        };
        MetaStoreIdAllocator ids = new MetaStoreIdAllocator(racing);

        long first = ids.allocate(10);

        assertThat(competitorRanges).hasSize(1);
        assertThat(first).isGreaterThanOrEqualTo(competitorRanges.getFirst().first() + MetaStoreIdAllocator.BLOCK);
        List<Range> all = new ArrayList<>(competitorRanges);
        all.add(new Range(first, 10));
        all.add(new Range(competitor.allocate(MetaStoreIdAllocator.BLOCK), MetaStoreIdAllocator.BLOCK));
        assertDisjoint(all);
    }

    @Test
    void givesUpWithConflictWhenTheCounterKeepsChanging() {
        MetaStoreIdAllocator competitor = new MetaStoreIdAllocator(metaStore);
        MetaStore racing = new ForwardingMetaStore(metaStore) {
            @Override
            public TxnResult txn(List<Compare> compares, List<Op> then, List<Op> otherwise) {
                competitor.allocate(MetaStoreIdAllocator.BLOCK);
                return super.txn(compares, then, otherwise);
            }
        };
        MetaStoreIdAllocator ids = new MetaStoreIdAllocator(racing, Duration.ofMillis(200));

        assertThatThrownBy(() -> ids.allocate(1))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessageContaining("id counter");
    }

    @Test
    void rejectsCountsOutOfRange() {
        MetaStoreIdAllocator ids = new MetaStoreIdAllocator(metaStore);

        for (int count : new int[] {0, -1, 10_000_001}) {
            assertThatThrownBy(() -> ids.allocate(count))
                    .isInstanceOfSatisfying(
                            QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessageContaining(Integer.toString(count));
        }
    }

    private static List<Range> allocateRandomly(MetaStoreIdAllocator ids, Random random, int calls, int maxCount) {
        List<Range> ranges = new ArrayList<>(calls);
        for (int i = 0; i < calls; i++) {
            int count = 1 + random.nextInt(maxCount);
            ranges.add(new Range(ids.allocate(count), count));
        }
        return ranges;
    }

    private static List<Range> runAll(List<Callable<List<Range>>> tasks) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Range> all = new ArrayList<>();
            for (Future<List<Range>> result : threads.invokeAll(tasks)) {
                all.addAll(result.get());
            }
            return all;
        } finally {
            threads.shutdownNow();
        }
    }

    private static void assertDisjoint(List<Range> ranges) {
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(Range::first));
        assertThat(sorted.getFirst().first()).isPositive();
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i).first())
                    .as("range %s overlaps %s", sorted.get(i), sorted.get(i - 1))
                    .isGreaterThanOrEqualTo(sorted.get(i - 1).end());
        }
    }
}
