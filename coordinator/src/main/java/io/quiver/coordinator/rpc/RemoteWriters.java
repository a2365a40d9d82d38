package io.quiver.coordinator.rpc;

import static java.util.Objects.requireNonNull;

import io.quiver.common.QuiverException;
import io.quiver.coordinator.Coordinator;
import io.quiver.coordinator.TickSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's view of writers (proxies) in other processes. The first report of a writer id
 * registers a {@link TickSource} with the coordinator whose safe timestamp is the newest one reported
 * (reports never move it backwards); every report signals {@code reportListener} (the time tick
 * publisher, so a tick a read waits for is published as soon as the writers allow it). A writer that sends
 * no report for {@code expireAfter} is unregistered, so a crashed proxy does not hold back time ticks.
 * Reports of an explicitly unregistered id are ignored for {@code expireAfter}, so a report still in
 * flight cannot register it again.
 */
public final class RemoteWriters implements AutoCloseable {
    public static final Duration DEFAULT_EXPIRE_AFTER = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(RemoteWriters.class);

    private final Coordinator coordinator;
    private final Runnable reportListener;
    private final Duration expireAfter;
    private final Clock clock;
    private final Map<String, RemoteWriter> writers = new ConcurrentHashMap<>();
    private final Map<String, Long> unregisteredAt = new ConcurrentHashMap<>();
    private final Object lifecycle = new Object();
    private boolean running;
    private Thread expiry;

    /**
     * @param reportListener run after every report (cheap and non-blocking)
     * @param expireAfter how long a writer may stay silent before it is unregistered
     * @param clock the clock silence is measured with
     */
    public RemoteWriters(Coordinator coordinator, Runnable reportListener, Duration expireAfter, Clock clock) {
        this.coordinator = requireNonNull(coordinator, "coordinator");
        this.reportListener = requireNonNull(reportListener, "reportListener");
        this.expireAfter = requireNonNull(expireAfter, "expireAfter");
        this.clock = requireNonNull(clock, "clock");
        if (expireAfter.toMillis() < 1) {
            throw new IllegalArgumentException("expireAfter must be at least 1 ms, not " + expireAfter);
        }
    }

    /** Starts the thread that unregisters silent writers. */
    public void start() {
        synchronized (lifecycle) {
            if (expiry != null) {
                return;
            }
            running = true;
            expiry = new Thread(this::runExpiry, "coordinator-remote-writers-expiry");
            expiry.setDaemon(true);
            expiry.start();
        }
    }

    /** Records a writer's safe timestamp, registering the writer with its first report. */
    public void report(String writerId, long safeTimestamp) {
        QuiverException.check(writerId != null && !writerId.isBlank(), "a writer report needs a writer id");
        long now = clock.millis();
        writers.compute(writerId, (id, writer) -> {
            if (writer != null) {
                writer.report(safeTimestamp, now);
                return writer;
            }
            if (unregisteredAt.containsKey(id)) {
                LOG.debug("ignoring report {} of unregistered writer {}", safeTimestamp, id);
                return null;
            }
            RemoteWriter registered = new RemoteWriter(id, safeTimestamp, now);
            coordinator.registerWriter(registered);
            LOG.info("registered remote writer {} at safe timestamp {}", id, safeTimestamp);
            return registered;
        });
        reportListener.run();
    }

    /** Unregisters a writer that stops writing; later reports of the id are ignored. */
    public void unregister(String writerId) {
        unregisteredAt.put(writerId, clock.millis());
        RemoteWriter[] removed = new RemoteWriter[1];
        writers.compute(writerId, (id, writer) -> {
            removed[0] = writer;
            return null;
        });
        if (removed[0] != null) {
            coordinator.unregisterWriter(removed[0]);
            LOG.info("unregistered remote writer {}", writerId);
        }
    }

    /** Unregisters every writer silent for {@code expireAfter}; returns how many. */
    public int expireSilent() {
        long now = clock.millis();
        long limit = expireAfter.toMillis();
        unregisteredAt.values().removeIf(at -> now - at >= limit);
        int expired = 0;
        for (String id : Set.copyOf(writers.keySet())) {
            RemoteWriter[] removed = new RemoteWriter[1];
            writers.computeIfPresent(id, (key, writer) -> {
                if (now - writer.lastReportMillis >= limit) {
                    removed[0] = writer;
                    return null;
                }
                return writer;
            });
            RemoteWriter writer = removed[0];
            if (writer != null) {
                coordinator.unregisterWriter(writer);
                expired++;
                LOG.warn(
                        "remote writer {} sent no report for {} ms (limit {} ms); unregistered it, so time ticks"
                                + " no longer wait for it (last safe timestamp {})",
                        id,
                        now - writer.lastReportMillis,
                        limit,
                        writer.safeTimestamp());
            }
        }
        return expired;
    }

    /** The ids of the registered writers. */
    public Set<String> writerIds() {
        return Set.copyOf(writers.keySet());
    }

    private void runExpiry() {
        long pause = Math.clamp(expireAfter.toMillis() / 4, 1, 1_000);
        while (true) {
            synchronized (lifecycle) {
                if (!running) {
                    return;
                }
                try {
                    lifecycle.wait(pause);
                } catch (InterruptedException e) {
                    return;
                }
                if (!running) {
                    return;
                }
            }
            try {
                expireSilent();
            } catch (RuntimeException e) {
                LOG.warn("expiring silent remote writers failed: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        Thread worker;
        synchronized (lifecycle) {
            running = false;
            worker = expiry;
            lifecycle.notifyAll();
        }
        if (worker != null) {
            try {
                worker.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String id : Set.copyOf(writers.keySet())) {
            RemoteWriter writer = writers.remove(id);
            if (writer != null) {
                coordinator.unregisterWriter(writer);
            }
        }
    }

    /** A writer in another process, as its reports describe it. */
    private static final class RemoteWriter implements TickSource {
        private final String id;
        private final AtomicLong safe;
        private volatile long lastReportMillis;

        RemoteWriter(String id, long safe, long reportMillis) {
            this.id = id;
            this.safe = new AtomicLong(safe);
            this.lastReportMillis = reportMillis;
        }

        void report(long safeTimestamp, long reportMillis) {
            safe.accumulateAndGet(safeTimestamp, Math::max);
            lastReportMillis = reportMillis;
        }

        @Override
        public long safeTimestamp() {
            return safe.get();
        }

        @Override
        public String toString() {
            return "remote writer " + id;
        }
    }
}
