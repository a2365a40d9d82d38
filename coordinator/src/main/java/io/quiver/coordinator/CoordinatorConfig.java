package io.quiver.coordinator;

import java.time.Duration;

/**
 * Coordinator settings.
 *
 * @param channelPrefix name prefix of the physical WAL channels
 * @param physicalChannels size of the physical channel pool that collection shards map onto
 * @param tickInterval how often time ticks are appended to every channel when no read asks for one sooner
 *     (Strong and Session reads request an immediate tick, so this bounds only Bounded staleness and idle
 *     log growth)
 */
public record CoordinatorConfig(String channelPrefix, int physicalChannels, Duration tickInterval) {
    public static final CoordinatorConfig DEFAULTS = new CoordinatorConfig("quiver-dml", 4, Duration.ofMillis(200));

    public CoordinatorConfig {
        if (physicalChannels < 1 || physicalChannels > 1024) {
            throw new IllegalArgumentException("physicalChannels must be 1 to 1024, not " + physicalChannels);
        }
        if (tickInterval.toMillis() < 1) {
            throw new IllegalArgumentException("tickInterval must be at least 1 ms");
        }
    }
}
