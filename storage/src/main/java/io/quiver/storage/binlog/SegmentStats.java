package io.quiver.storage.binlog;

import static java.util.Objects.requireNonNull;

import com.google.common.hash.BloomFilter;
import io.quiver.common.QuiverException;
import io.quiver.common.data.Column;
import io.quiver.common.data.LongColumn;
import io.quiver.common.data.StringColumn;
import io.quiver.common.schema.DataType;

/**
 * Primary-key statistics of a segment, used to skip segments that cannot hold a key.
 *
 * @param primaryKeyType {@link DataType#INT64} (keys are {@link Long}) or {@link DataType#VARCHAR}
 *     ({@link String}, compared with {@link String#compareTo})
 * @param minPrimaryKey the smallest key, {@code null} when the segment has no rows
 * @param maxPrimaryKey the largest key, {@code null} when the segment has no rows
 * @param primaryKeyFilter a Bloom filter over every key of the segment; do not modify it
 */
public record SegmentStats(
        long rowCount,
        DataType primaryKeyType,
        Object minPrimaryKey,
        Object maxPrimaryKey,
        BloomFilter<Object> primaryKeyFilter) {
    /** False-positive probability of the Bloom filter at the segment's row count. */
    public static final double BLOOM_FILTER_FPP = 0.01;

    public SegmentStats {
        requireNonNull(primaryKeyType, "primaryKeyType");
        requireNonNull(primaryKeyFilter, "primaryKeyFilter");
        QuiverException.check(rowCount >= 0, "segment stats: row count %d is negative", rowCount);
        checkKeyType(primaryKeyType);
        if (rowCount == 0) {
            QuiverException.check(
                    minPrimaryKey == null && maxPrimaryKey == null, "segment stats: an empty segment has no key range");
        } else {
            checkKey(primaryKeyType, minPrimaryKey);
            checkKey(primaryKeyType, maxPrimaryKey);
            QuiverException.check(
                    compare(minPrimaryKey, maxPrimaryKey) <= 0,
                    "segment stats: min key %s is above max key %s",
                    minPrimaryKey,
                    maxPrimaryKey);
        }
    }

    /** The statistics of a segment holding the given primary keys (an Int64 or VarChar column). */
    public static SegmentStats of(Column primaryKeys) {
        checkKeyType(primaryKeys.type());
        BloomFilter<Object> filter =
                BloomFilter.create(PrimaryKeyFunnel.INSTANCE, Math.max(1, primaryKeys.size()), BLOOM_FILTER_FPP);
        Object min = null;
        Object max = null;
        for (int row = 0; row < primaryKeys.size(); row++) {
            Object key =
                    switch (primaryKeys) {
                        case LongColumn longs -> longs.get(row);
                        case StringColumn strings -> strings.get(row);
                        default -> throw new IllegalStateException("unreachable: " + primaryKeys.type());
                    };
            filter.put(key);
            min = min == null || compare(key, min) < 0 ? key : min;
            max = max == null || compare(key, max) > 0 ? key : max;
        }
        return new SegmentStats(primaryKeys.size(), primaryKeys.type(), min, max, filter);
    }

    /**
     * False if the segment certainly has no row with this key; true if it may have one.
     *
     * @param primaryKey a {@link Long} or a {@link String}, matching {@link #primaryKeyType()}
     */
    public boolean mightContain(Object primaryKey) {
        checkKey(primaryKeyType, primaryKey);
        return rowCount > 0
                && compare(primaryKey, minPrimaryKey) >= 0
                && compare(primaryKey, maxPrimaryKey) <= 0
                && primaryKeyFilter.mightContain(primaryKey);
    }

    private static void checkKeyType(DataType type) {
        QuiverException.check(
                type == DataType.INT64 || type == DataType.VARCHAR,
                "primary key type %s is not supported; it must be Int64 or VarChar",
                type);
    }

    private static void checkKey(DataType type, Object key) {
        Class<?> expected = type == DataType.INT64 ? Long.class : String.class;
        QuiverException.check(
                expected.isInstance(key),
                "primary key %s is a %s; a %s key is a %s",
                key,
                key == null ? "null" : key.getClass().getSimpleName(),
                type,
                expected.getSimpleName());
    }

    @SuppressWarnings("unchecked")
    private static int compare(Object left, Object right) {
        return ((Comparable<Object>) left).compareTo(right);
    }
}
