package io.quiver.coordinator.internal;

import java.time.Clock;
import java.time.Duration;

/**
 * Decides when the {@link TimeTickPublisher} ticks next. Three things make a tick due: the interval
 * elapsed since the last scheduled or requested tick (SCHEDULED); a read asked for a tick (REQUESTED,
 * coalescing every request since the last attempt); or, while a requested timestamp is still above the
 * last published tick, a writer's safe timestamp advanced (RETRY: published only if it reaches the pending
 * timestamp, so reports alone never produce a tick per report). Not thread-safe: the publisher guards it.
 */
final class TickDemand {
    enum Kind {
        NONE,
        SCHEDULED,
        REQUESTED,
        RETRY
    }

    /**
     * What to do now.
     *
     * @param atLeast for RETRY, the timestamp the tick must reach to be worth publishing
     * @param waitMillis for NONE, how long nothing becomes due unless signalled
     */
    record Next(Kind kind, long atLeast, long waitMillis) {}

    private final Clock clock;
    private final long intervalMillis;
    private long nextScheduledMillis = Long.MIN_VALUE;
    private long backoffUntilMillis = Long.MIN_VALUE;
    private long lastTick;
    private long pendingTarget;
    private boolean requested;
    private boolean advanced;

    TickDemand(Clock clock, Duration interval) {
        this.clock = clock;
        this.intervalMillis = interval.toMillis();
    }

    /** A read needs a tick at or above {@code target} (0: just tick now). */
    void request(long target) {
        requested = true;
        if (target > lastTick) {
            pendingTarget = Math.max(pendingTarget, target);
        }
    }

    /** A writer's safe timestamp advanced. */
    void writersAdvanced() {
        if (pending()) {
            advanced = true;
        }
    }

    /** A tick was published (by the publisher's thread or a direct call). */
    void published(long tick) {
        lastTick = Math.max(lastTick, tick);
        if (pendingTarget <= lastTick) {
            pendingTarget = 0;
            advanced = false;
        }
    }

    /** A tick attempt failed: no retries on writer reports until an interval has passed. */
    void failed() {
        backoffUntilMillis = clock.millis() + intervalMillis;
    }

    boolean pending() {
        return pendingTarget > lastTick;
    }

    long pendingTarget() {
        return pendingTarget;
    }

    /** The tick due now, claimed (a later signal makes another one due), or how long to wait. */
    Next next() {
        long now = clock.millis();
        if (nextScheduledMillis == Long.MIN_VALUE) {
            nextScheduledMillis = now;
        }
        if (requested || now >= nextScheduledMillis) {
            Kind kind = requested ? Kind.REQUESTED : Kind.SCHEDULED;
            requested = false;
            advanced = false;
            nextScheduledMillis = now + intervalMillis;
            return new Next(kind, 0, 0);
        }
        if (advanced && now >= backoffUntilMillis) {
            advanced = false;
            return new Next(Kind.RETRY, pendingTarget, 0);
        }
        long until = advanced ? Math.min(nextScheduledMillis, backoffUntilMillis) : nextScheduledMillis;
        return new Next(Kind.NONE, 0, Math.max(1, until - now));
    }
}
