package io.quiver.common.index.hnsw;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs a body for every index in {@code [0, count)} on up to {@code helpers} tasks of an executor plus the
 * calling thread. The caller never waits for a task that has not started (late tasks find the range closed
 * and return), so this cannot deadlock on a busy or single-threaded executor, even one the caller runs on.
 */
final class ParallelRange {
    private final int count;
    private final IntConsumer body;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Object lock = new Object();
    private int active;
    private boolean closed;

    private ParallelRange(int count, IntConsumer body) {
        this.count = count;
        this.body = body;
    }

    /** Runs {@code body} for each index; rethrows the first failure once every started task has stopped. */
    static void run(Executor executor, int helpers, int count, IntConsumer body) {
        ParallelRange range = new ParallelRange(count, body);
        for (int i = 0; i < helpers && i < count; i++) {
            try {
                executor.execute(range::help);
            } catch (RejectedExecutionException e) {
                break; // the caller does the work alone
            }
        }
        range.work();
        range.awaitHelpers();
        Throwable error = range.failure.get();
        if (error instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (error instanceof Error fatal) {
            throw fatal;
        }
        if (error != null) {
            throw new QuiverException(ErrorCode.INTERNAL, "parallel index build failed: " + error, error);
        }
    }

    private void help() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            active++;
        }
        try {
            work();
        } finally {
            synchronized (lock) {
                active--;
                lock.notifyAll();
            }
        }
    }

    private void work() {
        while (failure.get() == null) {
            int index = next.getAndIncrement();
            if (index >= count) {
                return;
            }
            try {
                body.accept(index);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }
    }

    private void awaitHelpers() {
        boolean interrupted = false;
        synchronized (lock) {
            closed = true;
            while (active > 0) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                    failure.compareAndSet(null, e); // stop the helpers, then report
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
