package io.quiver.coordinator.rpc;

import io.quiver.coordinator.TickSource;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread reporting one writer's safe timestamp to the coordinator leader at a fixed interval. It
 * remembers when the newest acknowledged report was sent: the writer's lease runs from then
 * ({@link #leaseHeld}).
 */
final class WriterReporter {
    private static final Logger LOG = LoggerFactory.getLogger(WriterReporter.class);

    private final String writerId;
    private final TickSource source;
    private final RemoteCoordinator coordinator;
    private final Duration interval;
    private final Object monitor = new Object();
    private volatile long ackedSentNanos;
    private volatile boolean acked;
    private boolean stopped;
    private Thread thread;

    WriterReporter(String writerId, TickSource source, RemoteCoordinator coordinator, Duration interval) {
        this.writerId = writerId;
        this.source = source;
        this.coordinator = coordinator;
        this.interval = interval;
    }

    String writerId() {
        return writerId;
    }

    TickSource source() {
        return source;
    }

    /** Reports once, before {@code deadlineNanos}; a report the leader acknowledges renews the lease. */
    void reportNow(long deadlineNanos) {
        long sent = System.nanoTime();
        coordinator.report(writerId, source.safeTimestamp(), deadlineNanos);
        renewed(sent);
    }

    /**
     * Whether a report sent less than {@code lease} ago was acknowledged. The leader heard it no earlier
     * than it was sent, so it keeps the writer (and any successor waits out its grace) past the lease.
     */
    boolean leaseHeld(Duration lease) {
        return acked && System.nanoTime() - ackedSentNanos < lease.toNanos();
    }

    private synchronized void renewed(long sentNanos) {
        if (!acked || sentNanos - ackedSentNanos > 0) {
            ackedSentNanos = sentNanos;
            acked = true;
        }
    }

    void start() {
        synchronized (monitor) {
            thread = new Thread(this::run, "writer-report-" + writerId.substring(0, Math.min(8, writerId.length())));
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Stops reporting; returns once no report is in flight (or after {@code patience}). */
    void stop(Duration patience) {
        Thread worker;
        synchronized (monitor) {
            stopped = true;
            monitor.notifyAll();
            worker = thread;
        }
        if (worker == null || worker == Thread.currentThread()) {
            return;
        }
        try {
            worker.join(patience);
            if (worker.isAlive()) {
                LOG.warn("writer {} still reporting after {} ms; interrupting it", writerId, patience.toMillis());
                worker.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        boolean failing = false;
        while (awaitNextReport()) {
            try {
                reportNow(System.nanoTime());
                if (failing) {
                    LOG.info("writer {} reports to the coordinator leader again", writerId);
                    failing = false;
                }
            } catch (RuntimeException e) {
                if (!failing) {
                    LOG.warn(
                            "writer {} could not report its safe timestamp to the coordinator leader; retrying every"
                                    + " {} ms: {}",
                            writerId,
                            interval.toMillis(),
                            e.getMessage());
                    failing = true;
                }
            }
        }
    }

    private boolean awaitNextReport() {
        synchronized (monitor) {
            if (!stopped) {
                try {
                    monitor.wait(Math.max(1, interval.toMillis()));
                } catch (InterruptedException e) {
                    return false;
                }
            }
            return !stopped;
        }
    }
}
