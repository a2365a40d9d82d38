package io.quiver.bench.ann.systems;

import io.quiver.bench.ann.AnnSystem;
import io.quiver.bench.ann.BuildReport;
import io.quiver.bench.ann.Dataset;
import io.quiver.bench.ann.Selection;
import io.quiver.common.data.LongColumn;
import io.quiver.common.index.MetricType;
import io.quiver.common.index.SearchParams;
import io.quiver.coordinator.Catalog;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.node.ShardSearchRequest;
import io.quiver.coordinator.node.ShardSearchResult;
import io.quiver.querynode.QueryNode;
import java.time.Duration;
import java.util.List;

/**
 * Quiver's engine without RPC: the query node's own search entry point ({@link QueryNode#search}: snapshot
 * visibility, filter evaluation, the segment's HNSW index, top-k merge and primary keys), called in-process
 * on the collection {@link QuiverServer} loaded, at the shard's service time (Bounded semantics, no wait).
 * It builds nothing itself: its build report is the server's.
 */
public final class QuiverEngine implements AnnSystem {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final QuiverServer loaded;
    private QueryNode queryNode;
    private long collectionId;
    private MetricType metric;

    /** Searches what {@code loaded} holds; build {@code loaded} first. */
    public QuiverEngine(QuiverServer loaded) {
        this.loaded = loaded;
    }

    @Override
    public String name() {
        return "quiver-engine";
    }

    /** Attaches to the server's query node; {@code data} must be what the server was built with. */
    @Override
    public BuildReport build(Dataset data, int m, int beamWidth) {
        queryNode = loaded.server().queryNode();
        CollectionInfo collection =
                loaded.server().catalog().collection(Catalog.DEFAULT_DATABASE, QuiverServer.COLLECTION);
        collectionId = collection.id();
        metric = data.metric();
        return new BuildReport(0, 0, 0, 0);
    }

    @Override
    public long[] search(float[] query, int k, int ef, Selection selection) {
        ShardSearchRequest request = new ShardSearchRequest(
                collectionId,
                0,
                List.of(),
                "vector",
                List.of(query),
                k,
                metric,
                new SearchParams(ef),
                selection == null ? "" : selection.expression(),
                0,
                0,
                List.of(),
                TIMEOUT);
        ShardSearchResult.Hits hits = queryNode.search(request).perQuery().getFirst();
        return ((LongColumn) hits.primaryKeys()).values().clone();
    }

    @Override
    public void close() {
        // the server owns the query node
    }
}
