package io.quiver.bench.ann.systems;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import io.quiver.bench.ann.AnnSystem;
import io.quiver.bench.ann.BuildReport;
import io.quiver.bench.ann.Dataset;
import io.quiver.bench.ann.Selection;
import io.quiver.common.index.MetricType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;

/**
 * jvector 4.0.2 used directly, with nothing of Quiver in between: the ceiling Quiver's own HNSW (built on
 * jvector) is measured against.
 *
 * <p>Load copies every base row into a jvector {@code VectorFloat} on the heap ({@code loadSeconds}). Build
 * is one in-memory {@link GraphIndexBuilder} over exact scores (degree {@code m}, construction beam {@code
 * beamWidth}, neighbour overflow 1.2, alpha 1.2, with hierarchy, final graph refined), fed by a fork-join
 * pool with one thread per available processor ({@code buildSeconds}). The heap figure is the used-heap
 * difference after full collections around load and build, so it counts the copied vectors and the graph.
 * A search borrows an idle {@link GraphSearcher} (its scratch space) from a pool, scores exactly (no quantization, no
 * reranking), keeps a beam of {@code max(ef, k)} candidates and returns the best {@code k} ordinals, which
 * are the row ids; a selection's passing rows are the accepted ordinals during the walk.
 *
 * <p>Metrics: L2 is {@code EUCLIDEAN}, COSINE is {@code COSINE}, IP is {@code DOT_PRODUCT}, as a user of
 * jvector would map them. jvector's DOT_PRODUCT assumes unit vectors: on rows of unequal length its graph
 * degrades (recall@10 about 0.64 at ef 64 on 2,000 Gaussian rows in 32 dimensions, where Lucene's maximum
 * inner product reaches 0.99), so compare IP only on normalized data.
 */
public final class RawJvector implements AnnSystem {
    private static final float NEIGHBOR_OVERFLOW = 1.2f;
    private static final float ALPHA = 1.2f;
    private static final VectorTypeSupport VECTORS =
            VectorizationProvider.getInstance().getVectorTypeSupport();

    private final ConcurrentLinkedQueue<GraphSearcher> idleSearchers = new ConcurrentLinkedQueue<>();
    private ListRandomAccessVectorValues vectors;
    private VectorSimilarityFunction similarity;
    private ImmutableGraphIndex graph;

    @Override
    public String name() {
        return "jvector";
    }

    @Override
    public BuildReport build(Dataset data, int m, int beamWidth) throws Exception {
        HeapMeter.Baseline memory = HeapMeter.baseline();
        long loadStarted = System.nanoTime();
        List<VectorFloat<?>> rows = new ArrayList<>(data.base().length);
        for (float[] row : data.base()) {
            rows.add(VECTORS.createFloatVector(row.clone()));
        }
        vectors = new ListRandomAccessVectorValues(rows, data.dimension());
        similarity = similarity(data.metric());
        double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;

        long buildStarted = System.nanoTime();
        ForkJoinPool pool = BuildThreads.forkJoinPool("jvector-build");
        try (GraphIndexBuilder builder = new GraphIndexBuilder(
                BuildScoreProvider.randomAccessScoreProvider(vectors, similarity),
                data.dimension(),
                m,
                beamWidth,
                NEIGHBOR_OVERFLOW,
                ALPHA,
                true,
                true,
                pool,
                pool)) {
            graph = builder.build(vectors);
        } finally {
            pool.shutdownNow();
        }
        double buildSeconds = (System.nanoTime() - buildStarted) / 1e9;
        return memory.report(loadSeconds, buildSeconds);
    }

    @Override
    public long[] search(float[] query, int k, int ef, Selection selection) {
        Bits accepted = selection == null ? Bits.ALL : selection.passing()::get;
        GraphSearcher searcher = idleSearchers.poll();
        if (searcher == null) {
            searcher = new GraphSearcher(graph);
        }
        SearchResult result;
        try {
            result = searcher.search(
                    DefaultSearchScoreProvider.exact(VECTORS.createFloatVector(query), similarity, vectors),
                    k,
                    Math.max(ef, k),
                    // scores of DOT_PRODUCT over rows that are not unit vectors can be negative
                    Float.NEGATIVE_INFINITY,
                    0f,
                    accepted);
        } finally {
            idleSearchers.offer(searcher);
        }
        SearchResult.NodeScore[] nodes = result.getNodes();
        long[] ids = new long[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            ids[i] = nodes[i].node;
        }
        return ids;
    }

    @Override
    public void close() throws Exception {
        for (GraphSearcher searcher = idleSearchers.poll(); searcher != null; searcher = idleSearchers.poll()) {
            searcher.close();
        }
        graph = null;
        vectors = null;
    }

    static VectorSimilarityFunction similarity(MetricType metric) {
        return switch (metric) {
            case L2 -> VectorSimilarityFunction.EUCLIDEAN;
            case IP -> VectorSimilarityFunction.DOT_PRODUCT;
            case COSINE -> VectorSimilarityFunction.COSINE;
        };
    }
}
