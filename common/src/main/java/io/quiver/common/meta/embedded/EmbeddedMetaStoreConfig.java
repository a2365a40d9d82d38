package io.quiver.common.meta.embedded;

import static java.util.Objects.requireNonNull;

import io.quiver.common.QuiverException;
import java.time.Duration;

/**
 * Settings of an {@link EmbeddedMetaStore}.
 *
 * @param journalRecordsPerSnapshot once the journal holds this many records, the store writes a snapshot
 *     and starts a new journal
 * @param watchHistoryEvents how many recent change events are kept for watches that start from a past
 *     revision
 * @param leaseSweepInterval how often a background thread expires leases; {@link Duration#ZERO} disables
 *     the thread (every store call still expires due leases first)
 */
public record EmbeddedMetaStoreConfig(
        int journalRecordsPerSnapshot, int watchHistoryEvents, Duration leaseSweepInterval) {
    public static final int DEFAULT_JOURNAL_RECORDS_PER_SNAPSHOT = 10_000;
    public static final int DEFAULT_WATCH_HISTORY_EVENTS = 10_000;
    public static final Duration DEFAULT_LEASE_SWEEP_INTERVAL = Duration.ofMillis(100);

    public EmbeddedMetaStoreConfig {
        requireNonNull(leaseSweepInterval, "leaseSweepInterval");
        QuiverException.check(
                journalRecordsPerSnapshot > 0,
                "journalRecordsPerSnapshot must be positive: %d",
                journalRecordsPerSnapshot);
        QuiverException.check(watchHistoryEvents > 0, "watchHistoryEvents must be positive: %d", watchHistoryEvents);
        QuiverException.check(
                !leaseSweepInterval.isNegative(), "leaseSweepInterval must not be negative: %s", leaseSweepInterval);
    }

    public static EmbeddedMetaStoreConfig defaults() {
        return new EmbeddedMetaStoreConfig(
                DEFAULT_JOURNAL_RECORDS_PER_SNAPSHOT, DEFAULT_WATCH_HISTORY_EVENTS, DEFAULT_LEASE_SWEEP_INTERVAL);
    }

    public EmbeddedMetaStoreConfig withJournalRecordsPerSnapshot(int records) {
        return new EmbeddedMetaStoreConfig(records, watchHistoryEvents, leaseSweepInterval);
    }

    public EmbeddedMetaStoreConfig withWatchHistoryEvents(int events) {
        return new EmbeddedMetaStoreConfig(journalRecordsPerSnapshot, events, leaseSweepInterval);
    }

    public EmbeddedMetaStoreConfig withLeaseSweepInterval(Duration interval) {
        return new EmbeddedMetaStoreConfig(journalRecordsPerSnapshot, watchHistoryEvents, interval);
    }
}
