package io.quiver.coordinator.internal;

import io.quiver.coordinator.TickSource;
import io.quiver.coordinator.TimestampOracle;
import io.quiver.proto.wal.TimeTick;
import io.quiver.proto.wal.WalEntry;
import io.quiver.wal.WriteAheadLog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends a {@code TimeTick(X)} entry to every physical channel at a fixed interval, where X is the
 * minimum safe timestamp over the registered writers (DESIGN §3). Consumers that apply a tick know
 * they have seen every write below X on that channel.
 */
public final class TimeTickPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TimeTickPublisher.class);

    private final WriteAheadLog log;
    private final TimestampOracle tso;
    private final List<String> channels;
    private final Duration interval;
    private final List<TickSource> sources = new CopyOnWriteArrayList<>();
    private final Object signal = new Object();
    private boolean requested;
    private volatile boolean running = true;
    private Thread thread;
    private volatile long lastTick;

    public TimeTickPublisher(WriteAheadLog log, TimestampOracle tso, List<String> channels, Duration interval) {
        this.log = log;
        this.tso = tso;
        this.channels = List.copyOf(channels);
        this.interval = interval;
    }

    /** A writer must register before its first write; ticks never pass its safe timestamp. */
    public void register(TickSource source) {
        sources.add(source);
    }

    public void unregister(TickSource source) {
        sources.remove(source);
    }

    public synchronized void start() {
        thread = new Thread(this::run, "coordinator-time-tick");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Asks for a tick as soon as possible instead of at the next interval; returns at once. Reads that
     * must wait for a fresh timestamp (Strong, Session) call this, so they wait for one log append
     * rather than up to a whole tick interval. Concurrent requests are served by one tick.
     */
    public void requestTick() {
        synchronized (signal) {
            requested = true;
            signal.notifyAll();
        }
    }

    private void run() {
        while (running) {
            tickSafely();
            synchronized (signal) {
                if (!requested && running) {
                    try {
                        signal.wait(interval.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                requested = false;
            }
        }
    }

    /** Publishes one tick now (also used by tests and by flush to advance the log promptly). */
    public synchronized long tick() {
        long safe = tso.allocate();
        for (TickSource source : sources) {
            safe = Math.min(safe, source.safeTimestamp());
        }
        if (safe <= lastTick) {
            return lastTick;
        }
        byte[] entry = WalEntry.newBuilder()
                .setFormatVersion(1)
                .setTimestamp(safe)
                .setTimeTick(TimeTick.getDefaultInstance())
                .build()
                .toByteArray();
        var appends =
                channels.stream().map(channel -> log.append(channel, entry)).toList();
        appends.forEach(java.util.concurrent.CompletableFuture::join);
        lastTick = safe;
        return safe;
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("time tick failed; retrying in {} ms: {}", interval.toMillis(), e.toString());
        }
    }

    @Override
    public void close() {
        Thread worker;
        synchronized (this) {
            worker = thread;
            running = false;
        }
        requestTick();
        if (worker != null) {
            try {
                worker.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
