package io.quiver.common.index.hnsw;

import io.github.jbellis.jvector.disk.ByteBufferReader;
import io.github.jbellis.jvector.graph.OnHeapGraphIndex;
import io.github.jbellis.jvector.graph.diversity.VamanaDiversityProvider;
import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.index.IndexSpec;
import io.quiver.common.index.MetricType;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * The HNSW index file: a header, then the graph as jvector writes an on-heap graph. The vectors are not in
 * it; they are the segment's column.
 *
 * <h2>Format version 1</h2>
 *
 * Big-endian, as {@link DataOutputStream} writes:
 *
 * <pre>
 *   int   magic            0x51484E53 ("QHNS")
 *   int   version          1
 *   int   metric           1 = L2, 2 = IP, 3 = COSINE
 *   int   dimension        vector dimension
 *   int   M                maximum degree per node and layer
 *   int   efConstruction   build beam width
 *   int   size             number of vectors (graph nodes 0 .. size-1 are column rows)
 *   int   graph length     bytes of graph that follow (0 for an empty index)
 *   int   graph CRC32      of those bytes
 *   byte[graph length]     jvector {@code OnHeapGraphIndex.save}: jvector's magic 0x75EC4012, its version 4,
 *                          layer count, degree per layer, entry node, then per layer its node count and per
 *                          node its ordinal, neighbor count and (neighbor ordinal, float similarity) pairs
 * </pre>
 *
 * The graph's edges and their similarities are in the geometry {@link ColumnScoreProvider} defines for the
 * metric (for IP: Euclidean over rows lifted by one coordinate); a change of that geometry is a new version.
 *
 * <p>Reading rejects, with {@link ErrorCode#CORRUPT_DATA}: another magic or version, a header that does not match
 * the index spec (metric, dimension, M, efConstruction) or the column (dimension, size), a truncated file, a
 * graph whose checksum or content is wrong. A reader reads exactly the bytes the writer wrote.
 */
final class HnswFormat {
    static final int MAGIC = 0x51484E53;
    static final int VERSION = 1;
    private static final int HEADER_BYTES = 9 * Integer.BYTES;

    private HnswFormat() {}

    /** Writes the index; {@code graph} is null for an empty index. */
    @SuppressWarnings("deprecation") // OnHeapGraphIndex.save is jvector's (experimental) on-heap format
    static void write(OutputStream out, IndexSpec spec, int size, OnHeapGraphIndex graph) throws IOException {
        byte[] graphBytes = new byte[0];
        if (graph != null) {
            long estimate = 64 + (long) size * (spec.m() * 8L + 8);
            ByteArrayOutputStream buffer = new ByteArrayOutputStream((int) Math.min(estimate, Integer.MAX_VALUE - 8));
            graph.save(new DataOutputStream(buffer));
            graphBytes = buffer.toByteArray();
        }
        CRC32 crc = new CRC32();
        crc.update(graphBytes);
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(MAGIC);
        data.writeInt(VERSION);
        data.writeInt(metricCode(spec.metric()));
        data.writeInt(spec.dimension());
        data.writeInt(spec.m());
        data.writeInt(spec.efConstruction());
        data.writeInt(size);
        data.writeInt(graphBytes.length);
        data.writeInt((int) crc.getValue());
        data.write(graphBytes);
        data.flush();
    }

    /** Reads an index written by {@link #write}; returns null for an empty index. */
    @SuppressWarnings("deprecation") // OnHeapGraphIndex.load is jvector's (experimental) on-heap format
    static OnHeapGraphIndex read(InputStream in, IndexSpec spec, FloatVectorColumn vectors, ColumnScoreProvider scores)
            throws IOException {
        DataInputStream data = new DataInputStream(in);
        int size;
        byte[] graphBytes;
        int storedCrc;
        try {
            checkHeader(data, spec, vectors);
            size = vectors.size();
            int graphLength = data.readInt();
            storedCrc = data.readInt();
            if (graphLength < 0 || (graphLength == 0) != (size == 0)) {
                throw corrupt("HNSW index file declares a graph of " + graphLength + " bytes for " + size + " vectors");
            }
            graphBytes = data.readNBytes(graphLength);
            if (graphBytes.length != graphLength) {
                throw corrupt("HNSW index file is truncated: its graph has " + graphBytes.length + " of " + graphLength
                        + " bytes");
            }
        } catch (EOFException e) {
            throw new QuiverException(
                    ErrorCode.CORRUPT_DATA, "HNSW index file ends inside its " + HEADER_BYTES + "-byte header", e);
        }
        CRC32 crc = new CRC32();
        crc.update(graphBytes);
        if ((int) crc.getValue() != storedCrc) {
            throw corrupt(String.format(
                    "HNSW index graph checksum is 0x%08X but the file says 0x%08X", (int) crc.getValue(), storedCrc));
        }
        if (size == 0) {
            return null;
        }
        return parseGraph(graphBytes, size, vectors.dimension(), scores);
    }

    @SuppressWarnings("deprecation")
    private static OnHeapGraphIndex parseGraph(byte[] bytes, int size, int dimension, ColumnScoreProvider scores) {
        OnHeapGraphIndex graph;
        try {
            graph = OnHeapGraphIndex.load(
                    new ByteBufferReader(ByteBuffer.wrap(bytes)),
                    dimension,
                    GraphConstruction.NEIGHBOR_OVERFLOW,
                    new VamanaDiversityProvider(scores, GraphConstruction.ALPHA));
        } catch (IOException | RuntimeException e) {
            throw new QuiverException(ErrorCode.CORRUPT_DATA, "HNSW index graph cannot be read: " + e.getMessage(), e);
        }
        if (graph.size(0) != size || graph.getIdUpperBound() != size || graph.entryNode() == null) {
            throw corrupt("HNSW index graph has " + graph.size(0) + " nodes (ids below " + graph.getIdUpperBound()
                    + ") but the index covers " + size + " vectors");
        }
        graph.setAllMutationsCompleted(); // jvector's load leaves the graph mutable; frozen views search faster
        return graph;
    }

    private static void checkHeader(DataInputStream data, IndexSpec spec, FloatVectorColumn vectors)
            throws IOException {
        int magic = data.readInt();
        if (magic != MAGIC) {
            throw corrupt(String.format("HNSW index file starts with 0x%08X, not the magic 0x%08X", magic, MAGIC));
        }
        int version = data.readInt();
        if (version != VERSION) {
            throw corrupt("HNSW index file has format version " + version + "; this build reads version " + VERSION);
        }
        int metric = data.readInt();
        if (metric != metricCode(spec.metric())) {
            throw corrupt("HNSW index file has metric code " + metric + " but the index spec has metric "
                    + spec.metric() + " (code " + metricCode(spec.metric()) + ")");
        }
        int dimension = data.readInt();
        if (dimension != spec.dimension() || dimension != vectors.dimension()) {
            throw corrupt("HNSW index file has dimension " + dimension + " but the index spec has " + spec.dimension()
                    + " and the vector column " + vectors.dimension());
        }
        int m = data.readInt();
        int efConstruction = data.readInt();
        if (m != spec.m() || efConstruction != spec.efConstruction()) {
            throw corrupt("HNSW index file was built with M " + m + " and efConstruction " + efConstruction
                    + " but the index spec has M " + spec.m() + " and efConstruction " + spec.efConstruction());
        }
        int size = data.readInt();
        if (size != vectors.size()) {
            throw corrupt("HNSW index file covers " + size + " vectors but the vector column has " + vectors.size());
        }
    }

    private static int metricCode(MetricType metric) {
        return switch (metric) {
            case L2 -> 1;
            case IP -> 2;
            case COSINE -> 3;
        };
    }

    private static QuiverException corrupt(String message) {
        return new QuiverException(ErrorCode.CORRUPT_DATA, message);
    }
}
