package io.quiver.bench.ann.systems;

import io.quiver.bench.ann.AnnSystem;
import io.quiver.bench.ann.BuildReport;
import io.quiver.bench.ann.Dataset;
import io.quiver.bench.ann.Selection;
import io.quiver.common.index.MetricType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.apache.lucene.codecs.hnsw.FlatVectorScorerUtil;
import org.apache.lucene.codecs.hnsw.FlatVectorsScorer;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TaskExecutor;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.util.hnsw.HnswConcurrentMergeBuilder;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

/**
 * Lucene's HNSW graph ({@code lucene-core}) used in-process through its graph API, without an index writer,
 * codec or segment files: the reference other Java HNSW implementations are usually held against.
 *
 * <p>Load copies every base row into a heap {@code float[]} behind {@link FloatVectorValues#fromFloats}
 * ({@code loadSeconds}). Build is Lucene's concurrent graph builder ({@link HnswConcurrentMergeBuilder}, the
 * one its segment merges use) with degree {@code m} and construction beam {@code beamWidth}, one worker
 * per available processor ({@code buildSeconds}); scores come from Lucene's default flat-vector scorer,
 * which uses its Panama SIMD code when {@code jdk.incubator.vector} is present. The heap figure is the
 * used-heap difference after full collections around load and build, vectors and graph included. A
 * search collects the best {@code max(ef, k)} ordinals (Lucene's search has no separate beam width: this
 * is how ann-benchmarks sweeps it) and returns the best {@code k}, which are the row ids; each search walks
 * the shared graph through its own {@link GraphCursor}. A selection
 * becomes Lucene's accepted-ordinals bit set, so Lucene picks its own filtered graph walk for sparse
 * filters, as it would inside an index; the fallback to an exact scan that {@code KnnFloatVectorQuery}
 * makes when a walk visits too many nodes belongs to Lucene's query layer and is not part of this.
 *
 * <p>Metrics: L2 is {@code EUCLIDEAN}, COSINE is {@code COSINE}, IP is {@code MAXIMUM_INNER_PRODUCT}
 * (Lucene's {@code DOT_PRODUCT} is only defined for unit vectors).
 */
public final class LuceneHnsw implements AnnSystem {
    private static final FlatVectorsScorer SCORER = FlatVectorScorerUtil.getLucene99FlatVectorsScorer();

    private FloatVectorValues vectors;
    private VectorSimilarityFunction similarity;
    private OnHeapHnswGraph graph;
    private volatile AcceptedRows lastAccepted;

    /** A selection and the same rows as Lucene bits, reused while the sweep stays on one selection. */
    private record AcceptedRows(Selection selection, FixedBitSet bits) {}

    @Override
    public String name() {
        return "lucene-hnsw";
    }

    @Override
    public BuildReport build(Dataset data, int m, int beamWidth) throws IOException {
        HeapMeter.Baseline memory = HeapMeter.baseline();
        long loadStarted = System.nanoTime();
        List<float[]> rows = new ArrayList<>(data.base().length);
        for (float[] row : data.base()) {
            rows.add(row.clone());
        }
        vectors = FloatVectorValues.fromFloats(rows, data.dimension());
        similarity = similarity(data.metric());
        double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;

        long buildStarted = System.nanoTime();
        int size = rows.size();
        RandomVectorScorerSupplier scores = SCORER.getRandomVectorScorerSupplier(similarity, vectors);
        // an empty graph sized for every row: the concurrent builder fills one it is given
        OnHeapHnswGraph empty = HnswGraphBuilder.create(scores, m, beamWidth, HnswGraphBuilder.randSeed, size)
                .getGraph();
        ForkJoinPool pool = BuildThreads.forkJoinPool("lucene-build");
        try {
            graph = new HnswConcurrentMergeBuilder(
                            new TaskExecutor(pool), BuildThreads.count(), scores, m, beamWidth, empty, null)
                    .build(size);
        } finally {
            pool.shutdownNow();
        }
        double buildSeconds = (System.nanoTime() - buildStarted) / 1e9;
        return memory.report(loadSeconds, buildSeconds);
    }

    @Override
    public long[] search(float[] query, int k, int ef, Selection selection) {
        TopKnnCollector collector = new TopKnnCollector(Math.max(ef, k), Integer.MAX_VALUE);
        try {
            RandomVectorScorer scorer = SCORER.getRandomVectorScorer(similarity, vectors, query);
            HnswGraphSearcher.search(scorer, collector, new GraphCursor(graph), accepted(selection));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ScoreDoc[] best = collector.topDocs().scoreDocs;
        long[] ids = new long[Math.min(k, best.length)];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = best[i].doc;
        }
        return ids;
    }

    private FixedBitSet accepted(Selection selection) {
        if (selection == null) {
            return null;
        }
        AcceptedRows last = lastAccepted;
        if (last == null || last.selection() != selection) {
            int size = graph.size();
            long[] words = Arrays.copyOf(selection.passing().toLongArray(), FixedBitSet.bits2words(size));
            last = new AcceptedRows(selection, new FixedBitSet(words, size));
            lastAccepted = last;
        }
        return last.bits();
    }

    @Override
    public void close() {
        graph = null;
        vectors = null;
        lastAccepted = null;
    }

    static VectorSimilarityFunction similarity(MetricType metric) {
        return switch (metric) {
            case L2 -> VectorSimilarityFunction.EUCLIDEAN;
            case IP -> VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;
            case COSINE -> VectorSimilarityFunction.COSINE;
        };
    }
}
