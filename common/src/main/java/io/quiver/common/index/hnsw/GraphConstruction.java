package io.quiver.common.index.hnsw;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.OnHeapGraphIndex;
import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.index.IndexSpec;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Builds a jvector graph over a column on a supplied executor.
 *
 * <p>Parameters: {@code M} and {@code efConstruction} from the spec (the same degree bound on every layer),
 * an HNSW-style hierarchy on top of the Vamana base layer, and the final refinement pass. {@link #ALPHA} 1.2 is
 * the pruning slack the DiskANN paper recommends and jvector's own examples use: a candidate edge is dropped
 * only if an already kept neighbor is more than 1.2 times as similar to it, which keeps some long edges and
 * so navigability. {@link #NEIGHBOR_OVERFLOW} 1.2 lets a neighbor list hold 20% extra edges while concurrent
 * inserts race, before it is pruned back to {@code M}: better graphs for a little transient memory.
 *
 * <p>Threads: node insertion, nearly all the work, runs on the supplied executor (plus the calling thread),
 * one task per executor thread. jvector's final cleanup (refinement and degree enforcement) needs a
 * {@link ForkJoinPool}: the executor itself if it is one, otherwise a pool of the executor's parallelism
 * created for the cleanup and shut down right after.
 */
final class GraphConstruction {
    static final float NEIGHBOR_OVERFLOW = 1.2f;
    static final float ALPHA = 1.2f;
    private static final boolean ADD_HIERARCHY = true;
    private static final boolean REFINE_FINAL_GRAPH = true;

    private GraphConstruction() {}

    static OnHeapGraphIndex build(
            IndexSpec spec, FloatVectorColumn vectors, ColumnScoreProvider scores, ExecutorService executor) {
        int parallelism = parallelism(executor);
        ForkJoinPool cleanupPool = executor instanceof ForkJoinPool pool
                ? pool
                : new ForkJoinPool(parallelism, GraphConstruction::thread, null, false);
        try (GraphIndexBuilder builder = new GraphIndexBuilder(
                scores,
                vectors.dimension(),
                spec.m(),
                spec.efConstruction(),
                NEIGHBOR_OVERFLOW,
                ALPHA,
                ADD_HIERARCHY,
                REFINE_FINAL_GRAPH,
                cleanupPool,
                cleanupPool)) {
            ParallelRange.run(executor, parallelism - 1, vectors.size(), node -> {
                builder.addGraphNode(node, scores.searchProviderFor(node));
            });
            builder.cleanup();
            return (OnHeapGraphIndex) builder.getGraph();
        } catch (IOException e) {
            throw new QuiverException(ErrorCode.INTERNAL, "closing the HNSW graph builder failed", e);
        } finally {
            if (cleanupPool != executor) {
                cleanupPool.shutdownNow();
            }
        }
    }

    /** How many threads the executor offers: a pool's size, capped at the cores; otherwise the cores. */
    static int parallelism(ExecutorService executor) {
        int cores = Runtime.getRuntime().availableProcessors();
        if (executor instanceof ForkJoinPool pool) {
            return pool.getParallelism();
        }
        if (executor instanceof ThreadPoolExecutor pool) {
            return Math.max(1, Math.min(pool.getMaximumPoolSize(), cores));
        }
        return cores;
    }

    private static ForkJoinWorkerThread thread(ForkJoinPool pool) {
        ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        thread.setName("quiver-hnsw-cleanup-" + thread.getPoolIndex());
        return thread;
    }
}
