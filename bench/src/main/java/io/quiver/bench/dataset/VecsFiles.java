package io.quiver.bench.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code .fvecs} / {@code .ivecs}: per row a little-endian int32 dimension, then that many values. */
public final class VecsFiles {
    private VecsFiles() {}

    public static float[][] fvecs(Path file, int limit) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<float[]> rows = new ArrayList<>();
        while (buffer.hasRemaining() && (limit < 0 || rows.size() < limit)) {
            float[] row = new float[buffer.getInt()];
            for (int i = 0; i < row.length; i++) {
                row[i] = buffer.getFloat();
            }
            rows.add(row);
        }
        return rows.toArray(float[][]::new);
    }

    public static int[][] ivecs(Path file, int limit) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<int[]> rows = new ArrayList<>();
        while (buffer.hasRemaining() && (limit < 0 || rows.size() < limit)) {
            int[] row = new int[buffer.getInt()];
            for (int i = 0; i < row.length; i++) {
                row[i] = buffer.getInt();
            }
            rows.add(row);
        }
        return rows.toArray(int[][]::new);
    }
}
