package io.quiver.coordinator.internal;

import static io.quiver.coordinator.Catalog.DEFAULT_DATABASE;
import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.ConsistencyLevel;
import io.quiver.wal.LogEntry;
import io.quiver.wal.LogPosition;
import io.quiver.wal.LogReader;
import io.quiver.wal.local.LocalWalConfig;
import io.quiver.wal.local.LocalWriteAheadLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LogRetentionTest extends CatalogTestSupport {
    private static final Duration LAG = Duration.ofMinutes(10);

    private LocalWriteAheadLog log;
    private final MovableClock clock = new MovableClock();
    private LogRetention retention;

    @BeforeEach
    void openLog() {
        // small segments, so released ranges are whole files the log can delete
        log = LocalWriteAheadLog.open(
                LocalWalConfig.defaults(directory.resolve("wal")).withSegmentBytes(4_096));
        retention = new LogRetention(log, catalog, LAYOUT.all(), LAG, clock);
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    @Test
    void aChannelNoCollectionUsesIsReleasedToItsEndAfterTheLag() {
        String channel = LAYOUT.all().getFirst();
        List<LogPosition> written = append(channel, 200);

        retention.run();
        assertThat(firstReadable(channel)).as("not before the lag").isEqualTo(written.getFirst());

        clock.advance(LAG);
        retention.run();
        // the local log releases whole segment files: everything up to the last entry may go, that one stays
        assertThat(firstReadable(channel)).isGreaterThan(written.get(100)).isLessThanOrEqualTo(written.getLast());
    }

    @Test
    void aShardWithNothingFlushedHoldsItsChannelAndAFlushReleasesUpToItsCheckpoint() {
        CollectionInfo docs = catalog.createCollection(
                DEFAULT_DATABASE, schema("docs"), 1, ConsistencyLevel.BOUNDED, Map.of(), false);
        String channel = docs.channels().getFirst();
        List<LogPosition> written = append(channel, 200);

        clock.advance(LAG);
        retention.run();
        clock.advance(LAG);
        retention.run();
        assertThat(firstReadable(channel)).isEqualTo(written.getFirst());

        LogPosition checkpoint = written.get(150);
        catalog.commitRange(docs.id(), 0, LogPosition.BEGINNING, checkpoint, List.of());
        retention.run();
        assertThat(firstReadable(channel)).as("not before the lag").isEqualTo(written.getFirst());
        clock.advance(LAG);
        retention.run();

        LogPosition first = firstReadable(channel);
        assertThat(first).isGreaterThan(written.getFirst()).isLessThanOrEqualTo(checkpoint);
        assertThat(readAll(channel, checkpoint)).hasSize(49);
    }

    private List<LogPosition> append(String channel, int count) {
        List<LogPosition> positions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            positions.add(log.append(channel, new byte[100]).join());
        }
        return positions;
    }

    private LogPosition firstReadable(String channel) {
        try (LogReader reader = log.open(channel, LogPosition.BEGINNING)) {
            return reader.poll(1, Duration.ofSeconds(5)).getFirst().position();
        }
    }

    private List<LogEntry> readAll(String channel, LogPosition after) {
        List<LogEntry> entries = new ArrayList<>();
        try (LogReader reader = log.open(channel, after)) {
            List<LogEntry> batch;
            while (!(batch = reader.poll(100, Duration.ofMillis(200))).isEmpty()) {
                entries.addAll(batch);
            }
        }
        return entries;
    }

    private static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
