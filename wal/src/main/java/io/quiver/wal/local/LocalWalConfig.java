package io.quiver.wal.local;

import static java.util.Objects.requireNonNull;

import io.quiver.common.QuiverException;
import java.nio.file.Path;

/**
 * Settings of a {@link LocalWriteAheadLog}.
 *
 * @param directory root directory of the log; created if missing
 * @param segmentBytes a channel starts a new segment file once its active one has reached this size
 * @param maxEntryBytes the largest payload one append may carry
 * @param maxBatchBytes group commit: the writer forces the files once per batch of at most this many payload
 *     bytes (a batch always takes at least one entry)
 */
public record LocalWalConfig(Path directory, long segmentBytes, int maxEntryBytes, long maxBatchBytes) {
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    public static final int DEFAULT_MAX_ENTRY_BYTES = 128 << 20;
    public static final long DEFAULT_MAX_BATCH_BYTES = 16L << 20;
    /** Frames store the payload length as an int32; keep clear of the JVM's array size limit. */
    public static final int MAX_ENTRY_BYTES_LIMIT = Integer.MAX_VALUE - 64;

    public LocalWalConfig {
        requireNonNull(directory, "directory");
        QuiverException.check(segmentBytes > 0, "segmentBytes must be positive, got %d", segmentBytes);
        QuiverException.check(
                maxEntryBytes > 0 && maxEntryBytes <= MAX_ENTRY_BYTES_LIMIT,
                "maxEntryBytes must be in [1, %d], got %d",
                MAX_ENTRY_BYTES_LIMIT,
                maxEntryBytes);
        QuiverException.check(maxBatchBytes > 0, "maxBatchBytes must be positive, got %d", maxBatchBytes);
    }

    /** The defaults: 64 MiB segments, entries up to 128 MiB, group commits of up to 16 MiB. */
    public static LocalWalConfig defaults(Path directory) {
        return new LocalWalConfig(directory, DEFAULT_SEGMENT_BYTES, DEFAULT_MAX_ENTRY_BYTES, DEFAULT_MAX_BATCH_BYTES);
    }

    public LocalWalConfig withSegmentBytes(long segmentBytes) {
        return new LocalWalConfig(directory, segmentBytes, maxEntryBytes, maxBatchBytes);
    }

    public LocalWalConfig withMaxEntryBytes(int maxEntryBytes) {
        return new LocalWalConfig(directory, segmentBytes, maxEntryBytes, maxBatchBytes);
    }

    public LocalWalConfig withMaxBatchBytes(long maxBatchBytes) {
        return new LocalWalConfig(directory, segmentBytes, maxEntryBytes, maxBatchBytes);
    }
}
