package io.quiver.common.index.hnsw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelRangeTest {

    @Test
    void runsEveryIndexExactlyOnce() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(3);
        try {
            AtomicIntegerArray runs = new AtomicIntegerArray(10_000);
            ParallelRange.run(executor, 3, runs.length(), runs::incrementAndGet);
            for (int i = 0; i < runs.length(); i++) {
                assertThat(runs.get(i)).as("runs of index %d", i).isEqualTo(1);
            }
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void doesNotDeadlockWhenCalledFromTheExecutorsOnlyThread() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            AtomicIntegerArray runs = new AtomicIntegerArray(1_000);
            executor.submit(() -> ParallelRange.run(executor, 4, runs.length(), runs::incrementAndGet))
                    .get(10, TimeUnit.SECONDS);
            for (int i = 0; i < runs.length(); i++) {
                assertThat(runs.get(i)).isEqualTo(1);
            }
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void rethrowsTheFirstFailureAfterStoppingTheOthers() {
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            assertThatThrownBy(() -> ParallelRange.run(executor, 2, 1_000, index -> {
                        if (index == 17) {
                            throw new IllegalStateException("node 17 failed");
                        }
                    }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("node 17 failed");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void worksAloneWhenTheExecutorRejectsTasks() {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        executor.shutdown();
        AtomicIntegerArray runs = new AtomicIntegerArray(100);
        ParallelRange.run(executor, 2, runs.length(), runs::incrementAndGet);
        for (int i = 0; i < runs.length(); i++) {
            assertThat(runs.get(i)).isEqualTo(1);
        }
    }
}
