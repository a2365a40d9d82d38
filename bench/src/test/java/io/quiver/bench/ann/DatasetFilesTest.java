package io.quiver.bench.ann;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetFilesTest {
    @TempDir
    Path directory;

    private Path fvecs(String name, float[][] rows) throws IOException {
        ByteBuffer buffer =
                ByteBuffer.allocate(rows.length * (4 + 4 * rows[0].length)).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : rows) {
            buffer.putInt(row.length);
            for (float value : row) {
                buffer.putFloat(value);
            }
        }
        return Files.write(directory.resolve(name), buffer.array());
    }

    private Path ivecs(String name, int[][] rows) throws IOException {
        ByteBuffer buffer =
                ByteBuffer.allocate(rows.length * (4 + 4 * rows[0].length)).order(ByteOrder.LITTLE_ENDIAN);
        for (int[] row : rows) {
            buffer.putInt(row.length);
            for (int value : row) {
                buffer.putInt(value);
            }
        }
        return Files.write(directory.resolve(name), buffer.array());
    }

    @Test
    void readsVecsFilesAndComputesMissingTruthByBruteForce() throws IOException {
        Path base = fvecs("base.fvecs", new float[][] {{0, 0}, {1, 0}, {5, 5}, {2, 0}});
        Path queries = fvecs("q.fvecs", new float[][] {{1.9f, 0}});

        Dataset data = DatasetFiles.load(
                Map.of("--base", base.toString(), "--queries", queries.toString(), "--metric", "L2"), 2);

        assertThat(data.base()).hasNumberOfRows(4);
        assertThat(data.truth()[0]).containsExactly(3, 1);
        assertThat(data.name()).isEqualTo(directory.getFileName().toString());
    }

    @Test
    void rejectsTruthThatDoesNotFitTheDataset() throws IOException {
        Path base = fvecs("base.fvecs", new float[][] {{0, 0}, {1, 0}});
        Path queries = fvecs("q.fvecs", new float[][] {{1, 0}});
        Path outOfRange = ivecs("bad.ivecs", new int[][] {{0, 7}});
        Path tooShort = ivecs("short.ivecs", new int[][] {{0}});

        assertThatThrownBy(() -> DatasetFiles.load(
                        Map.of(
                                "--base",
                                base.toString(),
                                "--queries",
                                queries.toString(),
                                "--truth",
                                outOfRange.toString()),
                        2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names row 7 of 2");
        assertThatThrownBy(() -> DatasetFiles.load(
                        Map.of(
                                "--base",
                                base.toString(),
                                "--queries",
                                queries.toString(),
                                "--truth",
                                tooShort.toString()),
                        2))
                .hasMessageContaining("1 neighbours per query; k is 2");
        assertThatThrownBy(() -> DatasetFiles.load(Map.of("--base", base.toString()), 2))
                .hasMessageContaining("--queries is required");
    }
}
