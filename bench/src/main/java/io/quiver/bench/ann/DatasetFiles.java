package io.quiver.bench.ann;

import io.quiver.bench.dataset.GroundTruth;
import io.quiver.bench.dataset.IdxFiles;
import io.quiver.bench.dataset.VecsFiles;
import io.quiver.common.index.MetricType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a dataset named on the command line. Vectors come from {@code .fvecs} files or IDX image files
 * (the format is chosen by the file name: {@code .fvecs} or not); truth from an {@code .ivecs} file, or is
 * computed by brute force when none is given. IDX labels of the base rows become the scalar field
 * {@code label}. With no files named, Fashion-MNIST from {@code ../shared/data/fashion-mnist-784}.
 */
public final class DatasetFiles {
    public static final Path FASHION_MNIST = Path.of("../shared/data/fashion-mnist-784");

    private DatasetFiles() {}

    /**
     * @param options {@code --base}, {@code --idx-images} (either names the base rows), {@code --idx-labels},
     *     {@code --queries}, {@code --truth}, {@code --metric}, {@code --query-count}
     */
    public static Dataset load(Map<String, String> options, int k) throws IOException {
        String baseName = options.getOrDefault("--base", options.get("--idx-images"));
        Path base;
        Path queries;
        Path truth;
        Path labels;
        if (baseName == null) {
            base = FASHION_MNIST.resolve("train-images-idx3-ubyte.gz");
            queries = FASHION_MNIST.resolve("t10k-images-idx3-ubyte.gz");
            truth = FASHION_MNIST.resolve("fashion-mnist-784_groundtruth_top100.ivecs");
            labels = FASHION_MNIST.resolve("train-labels-idx1-ubyte.gz");
        } else {
            base = Path.of(baseName);
            queries = Path.of(required(options, "--queries"));
            truth = options.containsKey("--truth") ? Path.of(options.get("--truth")) : null;
            labels = options.containsKey("--idx-labels") ? Path.of(options.get("--idx-labels")) : null;
        }
        MetricType metric = MetricType.parse(options.getOrDefault("--metric", "L2"));
        int queryCount = Integer.parseInt(options.getOrDefault("--query-count", "-1"));
        float[][] baseRows = vectors(base, -1);
        float[][] queryRows = vectors(queries, queryCount);
        int[][] neighbours = truth == null
                ? GroundTruth.exact(baseRows, queryRows, k, metric)
                : VecsFiles.ivecs(truth, queryRows.length);
        check(neighbours, queryRows.length, k, baseRows.length);
        Map<String, int[]> scalars = new HashMap<>();
        if (labels != null && Files.exists(labels)) {
            int[] values = IdxFiles.labels(labels, baseRows.length);
            if (values.length != baseRows.length) {
                throw new IllegalArgumentException(
                        labels + " has " + values.length + " labels for " + baseRows.length + " rows");
            }
            scalars.put("label", values);
        }
        return new Dataset(name(base), baseRows, queryRows, neighbours, metric, scalars);
    }

    private static float[][] vectors(Path file, int limit) throws IOException {
        return file.getFileName().toString().endsWith(".fvecs")
                ? VecsFiles.fvecs(file, limit)
                : IdxFiles.images(file, limit);
    }

    private static void check(int[][] truth, int queries, int k, int rows) {
        if (truth.length < queries) {
            throw new IllegalArgumentException(
                    "the truth file has " + truth.length + " rows for " + queries + " queries");
        }
        for (int[] row : truth) {
            if (row.length < k) {
                throw new IllegalArgumentException(
                        "the truth file has " + row.length + " neighbours per query; k is " + k);
            }
            for (int id : row) {
                if (id < 0 || id >= rows) {
                    throw new IllegalArgumentException("the truth file names row " + id + " of " + rows);
                }
            }
        }
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " is required with --base/--idx-images");
        }
        return value;
    }

    private static String name(Path base) {
        String file = base.getFileName().toString();
        String parent = base.toAbsolutePath().getParent().getFileName().toString();
        return parent.isEmpty() ? file : parent;
    }
}
