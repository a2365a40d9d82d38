package io.quiver.coordinator.rpc;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Settings of a {@link RemoteCoordinator}.
 *
 * @param callTimeout deadline of one call to the leader or a query node (calls with a timeout of their own
 *     get it added)
 * @param flushTimeout deadline of a flush, which waits for the write nodes to commit segments
 * @param failoverTimeout how long calls to the leader are retried while it is unavailable (failing over)
 * @param retryBackoff pause between retries of an unavailable leader or query node
 * @param reportInterval how often each registered writer reports its safe timestamp to the leader
 * @param writeLease how long after sending a report the leader acknowledged a writer may still append
 *     ({@link io.quiver.coordinator.Coordinator#holdsWriteLease}); a new leader waits longer than this
 *     before its first tick, and the leader drops a silent writer only much later; it should span many
 *     report intervals, or writes wait for reports
 */
public record RemoteCoordinatorConfig(
        Duration callTimeout,
        Duration flushTimeout,
        Duration failoverTimeout,
        Duration retryBackoff,
        Duration reportInterval,
        Duration writeLease) {
    public static final RemoteCoordinatorConfig DEFAULTS = new RemoteCoordinatorConfig(
            Duration.ofSeconds(10),
            Duration.ofMinutes(3),
            Duration.ofSeconds(30),
            Duration.ofMillis(50),
            Duration.ofMillis(20),
            Duration.ofSeconds(2));

    public RemoteCoordinatorConfig {
        positive(callTimeout, "callTimeout");
        positive(flushTimeout, "flushTimeout");
        requireNonNull(failoverTimeout, "failoverTimeout");
        if (failoverTimeout.isNegative()) {
            throw new IllegalArgumentException("failoverTimeout must not be negative, not " + failoverTimeout);
        }
        positive(retryBackoff, "retryBackoff");
        positive(reportInterval, "reportInterval");
        positive(writeLease, "writeLease");
    }

    public RemoteCoordinatorConfig withFailoverTimeout(Duration newFailoverTimeout) {
        return new RemoteCoordinatorConfig(
                callTimeout, flushTimeout, newFailoverTimeout, retryBackoff, reportInterval, writeLease);
    }

    public RemoteCoordinatorConfig withReportInterval(Duration newReportInterval) {
        return new RemoteCoordinatorConfig(
                callTimeout, flushTimeout, failoverTimeout, retryBackoff, newReportInterval, writeLease);
    }

    public RemoteCoordinatorConfig withWriteLease(Duration newWriteLease) {
        return new RemoteCoordinatorConfig(
                callTimeout, flushTimeout, failoverTimeout, retryBackoff, reportInterval, newWriteLease);
    }

    private static void positive(Duration value, String name) {
        requireNonNull(value, name);
        if (value.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 ms, not " + value);
        }
    }
}
