package io.quiver.common.index.hnsw;

import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Idle {@link GraphSearcher}s of one graph. A searcher holds per-search scratch space (visited set, candidate
 * queues) and is not thread-safe, so each search borrows one and gives it back; the pool grows to the peak
 * number of concurrent searches and is emptied on close. Unlike a ThreadLocal this does not tie scratch space
 * to threads (virtual threads included) that outlive the index.
 */
final class SearcherPool implements AutoCloseable {
    private final ImmutableGraphIndex graph;
    private final ConcurrentLinkedQueue<GraphSearcher> idle = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    SearcherPool(ImmutableGraphIndex graph) {
        this.graph = graph;
    }

    GraphSearcher borrow() {
        if (closed) {
            throw new QuiverException(ErrorCode.UNAVAILABLE, "HNSW index is closed");
        }
        GraphSearcher searcher = idle.poll();
        return searcher != null ? searcher : new GraphSearcher(graph);
    }

    void giveBack(GraphSearcher searcher) {
        idle.offer(searcher);
        if (closed) {
            drain();
        }
    }

    /** Closes a searcher whose search was abandoned midway instead of pooling it again. */
    void discard(GraphSearcher searcher) {
        try {
            searcher.close();
        } catch (IOException e) {
            throw new QuiverException(ErrorCode.INTERNAL, "closing an HNSW graph searcher failed", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        drain();
    }

    private void drain() {
        for (GraphSearcher searcher = idle.poll(); searcher != null; searcher = idle.poll()) {
            try {
                searcher.close();
            } catch (IOException e) {
                throw new QuiverException(ErrorCode.INTERNAL, "closing an HNSW graph searcher failed", e);
            }
        }
    }
}
