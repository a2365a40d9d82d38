package io.quiver.server.cluster;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a cluster process opened, closed in reverse order when it stops. */
final class ProcessResources implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessResources.class);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    synchronized <T extends AutoCloseable> T track(T resource) {
        resources.push(resource);
        return resource;
    }

    ExecutorService fixedPool(int threads, String prefix) {
        return executor(Executors.newFixedThreadPool(threads, named(prefix)));
    }

    ExecutorService cachedPool(String prefix) {
        return executor(Executors.newCachedThreadPool(named(prefix)));
    }

    private ExecutorService executor(ExecutorService executor) {
        track(() -> {
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        });
        return executor;
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public synchronized void close() {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                LOG.warn("error while stopping: {}", e.toString());
            }
        }
    }
}
