package io.quiver.coordinator.internal;

import io.quiver.coordinator.TickSource;
import io.quiver.coordinator.TimestampOracle;
import io.quiver.proto.wal.TimeTick;
import io.quiver.proto.wal.WalEntry;
import io.quiver.wal.WriteAheadLog;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends a {@code TimeTick(X)} entry to every physical channel at a fixed interval, where X is the
 * minimum safe timestamp over the registered writers (DESIGN §3). Consumers that apply a tick know
 * they have seen every write below X on that channel.
 *
 * <p>Reads that need a fresh timestamp request a tick at once ({@link #requestTick}). A requested tick can
 * land below the timestamp allocated at request time when a writer's safe timestamp lags (remote writers
 * report it only every few milliseconds); the request then stays pending and the tick is retried as soon as
 * a writer's report reaches it ({@link #writersAdvanced}), instead of at the next interval. The publisher's
 * thread decides when to tick ({@link TickDemand}), so ticks stay coalesced.
 */
public final class TimeTickPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TimeTickPublisher.class);

    private final WriteAheadLog log;
    private final TimestampOracle tso;
    private final List<String> channels;
    private final Duration interval;
    private final List<TickSource> sources = new CopyOnWriteArrayList<>();
    private final Object signal = new Object();
    private final TickDemand demand;
    private boolean running = true;
    private Thread thread;
    private volatile long lastTick;

    public TimeTickPublisher(WriteAheadLog log, TimestampOracle tso, List<String> channels, Duration interval) {
        this(log, tso, channels, interval, Clock.systemUTC());
    }

    /** @param clock measures the tick interval */
    public TimeTickPublisher(
            WriteAheadLog log, TimestampOracle tso, List<String> channels, Duration interval, Clock clock) {
        this.log = log;
        this.tso = tso;
        this.channels = List.copyOf(channels);
        this.interval = interval;
        this.demand = new TickDemand(clock, interval);
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
     * Asks for a tick reaching the current timestamp as soon as possible instead of at the next interval;
     * returns at once. Reads that must wait for a fresh timestamp (Strong, Session) call this, so they wait
     * for one log append rather than up to a whole tick interval. Concurrent requests are served by one tick.
     */
    public void requestTick() {
        long target;
        try {
            target = tso.allocate();
        } catch (RuntimeException e) {
            LOG.debug("requested tick without a target: allocating a timestamp failed: {}", e.toString());
            target = 0;
        }
        synchronized (signal) {
            demand.request(target);
            signal.notifyAll();
        }
    }

    /**
     * A writer's safe timestamp advanced (a remote writer reported). If a requested tick is still pending it
     * is retried now; otherwise this does nothing.
     */
    public void writersAdvanced() {
        synchronized (signal) {
            if (demand.pending()) {
                demand.writersAdvanced();
                signal.notifyAll();
            }
        }
    }

    private void run() {
        while (true) {
            TickDemand.Next next;
            synchronized (signal) {
                if (!running) {
                    return;
                }
                next = demand.next();
                if (next.kind() == TickDemand.Kind.NONE) {
                    try {
                        signal.wait(next.waitMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                    continue;
                }
            }
            attempt(next);
        }
    }

    private void attempt(TickDemand.Next next) {
        try {
            if (next.kind() == TickDemand.Kind.RETRY) {
                tickReaching(next.atLeast());
            } else {
                tick();
            }
        } catch (RuntimeException e) {
            synchronized (signal) {
                demand.failed();
            }
            LOG.warn("time tick failed; retrying in {} ms: {}", interval.toMillis(), e.toString());
        }
    }

    /** Publishes one tick now (also used by tests and by flush to advance the log promptly). */
    public synchronized long tick() {
        long safe = tso.allocate();
        for (TickSource source : sources) {
            safe = Math.min(safe, source.safeTimestamp());
        }
        return publish(safe);
    }

    /** Publishes a tick only if every writer's safe timestamp has reached {@code target}. */
    synchronized long tickReaching(long target) {
        long safe = Long.MAX_VALUE;
        for (TickSource source : sources) {
            safe = Math.min(safe, source.safeTimestamp());
        }
        if (safe < target) {
            return lastTick;
        }
        return publish(Math.min(safe, tso.allocate()));
    }

    private long publish(long safe) {
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
        appends.forEach(CompletableFuture::join);
        lastTick = safe;
        synchronized (signal) {
            demand.published(safe);
        }
        return safe;
    }

    @Override
    public void close() {
        Thread worker;
        synchronized (this) {
            worker = thread;
        }
        synchronized (signal) {
            running = false;
            signal.notifyAll();
        }
        if (worker != null) {
            try {
                worker.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
