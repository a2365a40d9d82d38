package io.quiver.coordinator.cluster;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the leader places work.
 *
 * @param interval how often it reconciles placement with the live nodes (also on every membership change)
 * @param releaseGrace how long a query node keeps serving a shard after it moved, so searches already
 *     routed to it finish
 */
public record PlacementConfig(Duration interval, Duration releaseGrace) {
    public PlacementConfig {
        requireNonNull(interval, "interval");
        requireNonNull(releaseGrace, "releaseGrace");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("placement interval must be positive: " + interval);
        }
    }

    public static PlacementConfig defaults() {
        return new PlacementConfig(Duration.ofMillis(500), Duration.ofSeconds(5));
    }
}
