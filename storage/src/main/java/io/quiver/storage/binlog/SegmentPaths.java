package io.quiver.storage.binlog;

/**
 * Object keys of a sealed segment's files (see {@link SegmentWriter} for their formats):
 *
 * <pre>
 * binlog/{collectionId}/{partitionId}/{segmentId}/{fieldId}.arrow   each user field but the primary key
 * binlog/{collectionId}/{partitionId}/{segmentId}/$pk.arrow         the primary key
 * binlog/{collectionId}/{partitionId}/{segmentId}/$ts.arrow         insert timestamps
 * delta/{collectionId}/{partitionId}/{segmentId}.arrow              tombstones (only if there are any)
 * stats/{collectionId}/{partitionId}/{segmentId}.stats              row count, primary key range and Bloom filter
 * </pre>
 */
public final class SegmentPaths {
    public static final String PRIMARY_KEY_FILE = "$pk.arrow";
    public static final String TIMESTAMP_FILE = "$ts.arrow";

    private SegmentPaths() {}

    /** {@code binlog/{collectionId}/{partitionId}/{segmentId}/}: the prefix of every binlog of the segment. */
    public static String segmentPrefix(SegmentKey key) {
        return "binlog/" + key + "/";
    }

    /** A binlog file of the segment, such as {@code 101.arrow} or {@link #PRIMARY_KEY_FILE}. */
    public static String binlog(SegmentKey key, String fileName) {
        return segmentPrefix(key) + fileName;
    }

    /** The binlog of a user field other than the primary key. */
    public static String fieldBinlog(SegmentKey key, long fieldId) {
        return binlog(key, fieldId + ".arrow");
    }

    public static String primaryKeyBinlog(SegmentKey key) {
        return binlog(key, PRIMARY_KEY_FILE);
    }

    public static String timestampBinlog(SegmentKey key) {
        return binlog(key, TIMESTAMP_FILE);
    }

    public static String delta(SegmentKey key) {
        return "delta/" + key + ".arrow";
    }

    public static String stats(SegmentKey key) {
        return "stats/" + key + ".stats";
    }
}
