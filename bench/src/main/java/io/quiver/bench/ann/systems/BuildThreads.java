package io.quiver.bench.ann.systems;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * The threads an in-process reference system builds its graph with: one per available processor, named
 * after the system, the same number for every system so their build times compare.
 */
final class BuildThreads {
    private BuildThreads() {}

    static int count() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** A new pool of {@link #count()} threads named {@code prefix-N}; shut it down after the build. */
    static ForkJoinPool forkJoinPool(String prefix) {
        return new ForkJoinPool(
                count(),
                pool -> {
                    ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                    thread.setName(prefix + "-" + thread.getPoolIndex());
                    return thread;
                },
                null,
                false);
    }
}
