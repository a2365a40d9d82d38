package io.quiver.common.index.hnsw;

import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.graph.similarity.ScoreFunction;
import io.github.jbellis.jvector.graph.similarity.SearchScoreProvider;
import io.github.jbellis.jvector.vector.VectorUtilSupport;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.index.MetricType;

/**
 * jvector similarities computed straight from a {@link FloatVectorColumn}'s flat array. A jvector
 * {@code VectorFloat} cannot view a slice of an array, so a {@code RandomAccessVectorValues} over the column
 * would copy every row it is asked for; instead the whole array is wrapped once and scored with jvector's
 * offset-taking SIMD kernels, reading each vector in place during build and search alike.
 *
 * <p>Graph geometry (what the builder connects and prunes by): L2 uses jvector's EUCLIDEAN similarity
 * {@code 1 / (1 + d²)}, COSINE jvector's COSINE {@code (1 + cos) / 2}. IP does not use jvector's DOT_PRODUCT:
 * on vectors of unequal length inner product is not a distance, a DOT_PRODUCT graph links every node to a few
 * long "hub" vectors, and recall@10 on Gaussian data was 0.65. Instead each row {@code x} is treated as the
 * vector {@code (x, a(x))} with {@code a(x) = sqrt(Φ² - |x|²)}, {@code Φ} the longest row norm, and the query as
 * {@code (q, 0)}: then {@code |q - x|² = |q|² + Φ² - 2 q·x}, so the Euclidean nearest rows in that space are
 * exactly the rows of largest inner product, and the graph is an ordinary Euclidean one (Bachrach et al.,
 * "Speeding up the Xbox recommender system using a Euclidean transformation for inner-product spaces",
 * 2014). The extra coordinate is computed on the fly from one float per row; vectors are never copied.
 *
 * <p>Search ranks by jvector's similarity for L2 and COSINE, and by the inner product itself for IP (the
 * searcher only compares scores, and {@code |q|² + Φ²} is the same for every row).
 */
final class ColumnScoreProvider implements BuildScoreProvider {
    private static final VectorUtilSupport SIMD =
            VectorizationProvider.getInstance().getVectorUtilSupport();

    private final MetricType metric;
    private final VectorFloat<?> data;
    private final int dimension;
    private final int rows;
    /** IP only: the extra coordinate {@code a(x)} of each row; null otherwise. */
    private final float[] lift;

    private ColumnScoreProvider(MetricType metric, FloatVectorColumn vectors, float[] lift) {
        this.metric = metric;
        this.data = vts.createFloatVector(vectors.values());
        this.dimension = vectors.dimension();
        this.rows = vectors.size();
        this.lift = lift;
    }

    static ColumnScoreProvider over(MetricType metric, FloatVectorColumn vectors) {
        return new ColumnScoreProvider(metric, vectors, metric == MetricType.IP ? lift(vectors) : null);
    }

    /** {@code a(x) = sqrt(Φ² - |x|²)} per row, in double so long rows do not cancel out. */
    private static float[] lift(FloatVectorColumn vectors) {
        VectorFloat<?> data = vts.createFloatVector(vectors.values());
        int dimension = vectors.dimension();
        double[] squaredNorms = new double[vectors.size()];
        double longest = 0;
        for (int row = 0; row < squaredNorms.length; row++) {
            int offset = row * dimension;
            squaredNorms[row] = SIMD.dotProduct(data, offset, data, offset, dimension);
            longest = Math.max(longest, squaredNorms[row]);
        }
        float[] lift = new float[squaredNorms.length];
        for (int row = 0; row < lift.length; row++) {
            lift[row] = (float) Math.sqrt(Math.max(0, longest - squaredNorms[row]));
        }
        return lift;
    }

    /** The search-time provider for a query vector (wrapped, not copied). */
    SearchScoreProvider forQuery(float[] query) {
        return new DefaultSearchScoreProvider(new QuerySimilarity(vts.createFloatVector(query)));
    }

    @Override
    public boolean isExact() {
        return true;
    }

    @Override
    public VectorFloat<?> approximateCentroid() {
        double[] sum = new double[dimension];
        for (int row = 0; row < rows; row++) {
            for (int i = 0; i < dimension; i++) {
                sum[i] += data.get(row * dimension + i);
            }
        }
        VectorFloat<?> centroid = vts.createFloatVector(dimension);
        for (int i = 0; i < dimension; i++) {
            centroid.set(i, rows == 0 ? 0 : (float) (sum[i] / rows));
        }
        return centroid;
    }

    /** A vector that is not a row: for IP it stands at height 0 in the lifted space, like a query. */
    @Override
    public SearchScoreProvider searchProviderFor(VectorFloat<?> vector) {
        return new DefaultSearchScoreProvider(new GraphSimilarity(vector, 0, 0));
    }

    @Override
    public SearchScoreProvider searchProviderFor(int node) {
        return new DefaultSearchScoreProvider(diversityScoreFunctionFor(node));
    }

    @Override
    public SearchScoreProvider diversityProviderFor(int node) {
        return searchProviderFor(node);
    }

    @Override
    public ScoreFunction diversityScoreFunctionFor(int node) {
        return new GraphSimilarity(data, node * dimension, lift == null ? 0 : lift[node]);
    }

    /** Similarity in the graph's geometry, from one vector (a row, or any vector) to rows. */
    private final class GraphSimilarity implements ScoreFunction.ExactScoreFunction {
        private final VectorFloat<?> from;
        private final int fromOffset;
        private final float fromLift;

        GraphSimilarity(VectorFloat<?> from, int fromOffset, float fromLift) {
            this.from = from;
            this.fromOffset = fromOffset;
            this.fromLift = fromLift;
        }

        @Override
        public float similarityTo(int node) {
            int offset = node * dimension;
            return switch (metric) {
                case L2 -> 1 / (1 + SIMD.squareDistance(from, fromOffset, data, offset, dimension));
                case COSINE -> cosineSimilarity(SIMD.cosine(from, fromOffset, data, offset, dimension));
                case IP -> {
                    float height = fromLift - lift[node];
                    yield 1 / (1 + SIMD.squareDistance(from, fromOffset, data, offset, dimension) + height * height);
                }
            };
        }
    }

    /** Similarity of a query to rows, for ranking only. */
    private final class QuerySimilarity implements ScoreFunction.ExactScoreFunction {
        private final VectorFloat<?> query;

        QuerySimilarity(VectorFloat<?> query) {
            this.query = query;
        }

        @Override
        public float similarityTo(int node) {
            int offset = node * dimension;
            return switch (metric) {
                case L2 -> 1 / (1 + SIMD.squareDistance(query, 0, data, offset, dimension));
                case COSINE -> cosineSimilarity(SIMD.cosine(query, 0, data, offset, dimension));
                case IP -> SIMD.dotProduct(query, 0, data, offset, dimension);
            };
        }
    }

    /** jvector's COSINE similarity; a zero vector has cosine 0 (as MetricType scores it), not NaN. */
    private static float cosineSimilarity(float cosine) {
        return cosine == cosine ? (1 + cosine) / 2 : 0.5f;
    }
}
