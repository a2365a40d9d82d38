package io.quiver.bench.ann.systems;

import static org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS;

import java.io.IOException;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.apache.lucene.util.hnsw.NeighborArray;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;

/**
 * One search's view of a built Lucene {@link OnHeapHnswGraph}. Lucene's graph API walks neighbours through a
 * cursor kept in the graph itself ({@code seek}, then {@code nextNeighbor}), so two threads searching one
 * on-heap graph corrupt each other's walk (inside an index, each search reads the graph through its own
 * reader instead). This view keeps the cursor to itself and reads the shared neighbour arrays, which no longer
 * change once the graph is built.
 */
final class GraphCursor extends HnswGraph {
    private final OnHeapHnswGraph graph;
    private NeighborArray neighbors;
    private int next;

    GraphCursor(OnHeapHnswGraph graph) {
        this.graph = graph;
    }

    @Override
    public void seek(int level, int node) {
        neighbors = graph.getNeighbors(level, node);
        next = 0;
    }

    @Override
    public int nextNeighbor() {
        return next < neighbors.size() ? neighbors.nodes()[next++] : NO_MORE_DOCS;
    }

    @Override
    public int neighborCount() {
        return neighbors.size();
    }

    @Override
    public int size() {
        return graph.size();
    }

    @Override
    public int maxNodeId() {
        return graph.maxNodeId();
    }

    @Override
    public int numLevels() {
        return graph.numLevels();
    }

    @Override
    public int maxConn() {
        return graph.maxConn();
    }

    @Override
    public int entryNode() {
        return graph.entryNode();
    }

    @Override
    public NodesIterator getNodesOnLevel(int level) throws IOException {
        return graph.getNodesOnLevel(level);
    }
}
