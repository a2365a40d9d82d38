package io.quiver.bench.dataset;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of (Fashion-)MNIST: a big-endian int32 magic (2051 images, 2049 labels), an int32
 * count, for images int32 rows and cols, then unsigned bytes, row-major; optionally gzip-compressed.
 */
public final class IdxFiles {
    private IdxFiles() {}

    /** The first {@code limit} images as float vectors (pixel values 0..255), row-major in one array. */
    public static float[][] images(Path file, int limit) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != 2051) {
                throw new IOException(file + " is not an IDX image file (magic " + magic + ", expected 2051)");
            }
            int count = in.readInt();
            int dim = in.readInt() * in.readInt();
            int n = limit < 0 ? count : Math.min(count, limit);
            float[][] vectors = new float[n][dim];
            byte[] row = new byte[dim];
            for (int i = 0; i < n; i++) {
                in.readFully(row);
                for (int j = 0; j < dim; j++) {
                    vectors[i][j] = row[j] & 0xff;
                }
            }
            return vectors;
        }
    }

    /** The first {@code limit} labels of an IDX label file (magic 2049), as ints 0..255. */
    public static int[] labels(Path file, int limit) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != 2049) {
                throw new IOException(file + " is not an IDX label file (magic " + magic + ", expected 2049)");
            }
            int count = in.readInt();
            int n = limit < 0 ? count : Math.min(count, limit);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = in.readUnsignedByte();
            }
            return labels;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
    }
}
