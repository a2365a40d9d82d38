package io.quiver.coordinator.internal;

import io.quiver.coordinator.Catalog;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.wal.LogPosition;
import io.quiver.wal.WriteAheadLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases the part of each physical channel that every shard on it has flushed to binlogs: everything
 * before the smallest checkpoint of the shards mapped onto the channel (a channel no collection uses is
 * released up to its end; a shard with nothing flushed yet holds its whole channel). Query nodes replay
 * only after checkpoints, but one that lags may still be reading older entries, so a point is released
 * only once it has been safe for {@code lag}: positions observed at least that long ago.
 */
public final class LogRetention {
    private static final Logger LOG = LoggerFactory.getLogger(LogRetention.class);
    /** How long a releasable point waits before it is released. */
    public static final Duration DEFAULT_LAG = Duration.ofMinutes(10);
    /** How often the coordinator observes and releases. */
    public static final Duration INTERVAL = Duration.ofSeconds(30);

    private record Observation(Instant at, Map<String, LogPosition> releasable) {}

    private final WriteAheadLog log;
    private final Catalog catalog;
    private final List<String> channels;
    private final Duration lag;
    private final Clock clock;
    private final Deque<Observation> observations = new ArrayDeque<>();
    private final Map<String, LogPosition> released = new HashMap<>();

    public LogRetention(WriteAheadLog log, Catalog catalog, List<String> channels, Duration lag, Clock clock) {
        this.log = log;
        this.catalog = catalog;
        this.channels = List.copyOf(channels);
        this.lag = lag;
        this.clock = clock;
    }

    /** Observes the current checkpoints and releases what has been releasable for {@code lag}. */
    public synchronized void run() {
        Instant now = clock.instant();
        observations.addLast(new Observation(now, releasable()));
        Observation due = null;
        while (!observations.isEmpty() && !observations.peekFirst().at().isAfter(now.minus(lag))) {
            due = observations.pollFirst();
        }
        if (due == null) {
            return;
        }
        due.releasable().forEach((channel, position) -> {
            if (!position.equals(released.get(channel))) {
                log.truncateBefore(channel, position);
                released.put(channel, position);
                LOG.info("log channel {} released before {}", channel, position);
            }
        });
    }

    /** Per channel, the position before which every shard on it has flushed (absent: nothing to release). */
    Map<String, LogPosition> releasable() {
        Map<String, LogPosition> ends = new HashMap<>();
        for (String channel : channels) {
            LogPosition last = log.lastPosition(channel); // read before the catalog: see the class comment
            if (!last.isBeginning()) {
                ends.put(channel, last);
            }
        }
        Map<String, Optional<LogPosition>> lowest = new HashMap<>();
        for (CollectionInfo collection : catalog.collections(Catalog.DEFAULT_DATABASE)) {
            for (int shard = 0; shard < collection.shards(); shard++) {
                String channel = collection.channels().get(shard);
                LogPosition checkpoint = catalog.checkpoint(collection.id(), shard);
                Optional<LogPosition> candidate = checkpoint.isBeginning() ? Optional.empty() : Optional.of(checkpoint);
                lowest.merge(channel, candidate, LogRetention::lower);
            }
        }
        Map<String, LogPosition> releasable = new HashMap<>();
        for (Map.Entry<String, LogPosition> end : ends.entrySet()) {
            Optional<LogPosition> bound = lowest.getOrDefault(end.getKey(), Optional.of(end.getValue()));
            bound.ifPresent(position -> releasable.put(end.getKey(), position));
        }
        return releasable;
    }

    private static Optional<LogPosition> lower(Optional<LogPosition> a, Optional<LogPosition> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(a.get().compareTo(b.get()) <= 0 ? a.get() : b.get());
    }
}
