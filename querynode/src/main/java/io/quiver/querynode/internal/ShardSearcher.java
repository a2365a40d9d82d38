package io.quiver.querynode.internal;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.data.Column;
import io.quiver.common.data.ColumnBatch;
import io.quiver.common.data.ColumnBuilder;
import io.quiver.common.data.PrimaryKeys;
import io.quiver.common.expr.Filter;
import io.quiver.common.index.RowFilter;
import io.quiver.common.index.SearchHits;
import io.quiver.common.index.VectorIndex;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.FieldSchema;
import io.quiver.coordinator.node.ShardQueryRequest;
import io.quiver.coordinator.node.ShardQueryResult;
import io.quiver.coordinator.node.ShardSearchRequest;
import io.quiver.coordinator.node.ShardSearchResult;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Evaluates searches and queries over a snapshot of a shard's segments at timestamp T: visibility
 * (rows visible at T) AND the filter, then an ANN search with those accept bits, or an exact scan when
 * few rows pass or the segment has no index.
 */
final class ShardSearcher {
    private final CollectionSchema schema;
    private final ExecutorService executor;
    private final int exactScanThreshold;

    ShardSearcher(CollectionSchema schema, ExecutorService executor, int exactScanThreshold) {
        this.schema = schema;
        this.executor = executor;
        this.exactScanThreshold = exactScanThreshold;
    }

    ShardSearchResult search(List<Segment> segments, ShardSearchRequest request, Filter filter, long snapshot) {
        FieldSchema field = schema.field(request.vectorField());
        int k = request.topK();
        List<TopK> tops = new ArrayList<>(request.queries().size());
        for (int q = 0; q < request.queries().size(); q++) {
            tops.add(new TopK(request.metric(), k));
        }
        for (Segment segment : segments) {
            if (segment.size() == 0) {
                continue;
            }
            VectorIndex ann = annIndex(segment, field, request);
            Acceptance acceptance = acceptance(segment, filter, snapshot);
            if (acceptance.passing() == 0) {
                continue;
            }
            VectorIndex index = ann != null && acceptance.passing() > exactScanThreshold
                    ? ann
                    : segment.exactIndex(field.name(), request.metric(), executor);
            for (int q = 0; q < request.queries().size(); q++) {
                SearchHits hits = index.search(request.queries().get(q), k, request.params(), acceptance.filter());
                TopK top = tops.get(q);
                for (int i = 0; i < hits.size(); i++) {
                    top.offer(hits.scores()[i], segment, hits.ordinals()[i]);
                }
            }
        }
        List<ShardSearchResult.Hits> perQuery = new ArrayList<>(tops.size());
        for (TopK top : tops) {
            perQuery.add(hits(top, request.outputFields()));
        }
        return new ShardSearchResult(perQuery);
    }

    ShardQueryResult query(List<Segment> segments, ShardQueryRequest request, Filter filter, long snapshot) {
        List<Segment> matchSegments = new ArrayList<>();
        List<Integer> matchRows = new ArrayList<>();
        long count = 0;
        for (Segment segment : segments) {
            Acceptance acceptance = acceptance(segment, filter, snapshot);
            if (acceptance.passing() == 0) {
                continue;
            }
            if (request.countOnly()) {
                count += acceptance.passing();
                continue;
            }
            RowFilter rows = acceptance.filter();
            int size = segment.size();
            for (int row = rows == null ? 0 : rows.nextAccepted(0, size);
                    row >= 0 && row < size;
                    row = rows == null ? row + 1 : rows.nextAccepted(row + 1, size)) {
                count++;
                matchSegments.add(segment);
                matchRows.add(row);
            }
        }
        Integer[] order = new Integer[matchRows.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(
                order,
                (a, b) -> PrimaryKeys.compare(
                        PrimaryKeys.get(matchSegments.get(a).primaryKeys, matchRows.get(a)),
                        PrimaryKeys.get(matchSegments.get(b).primaryKeys, matchRows.get(b))));
        int limit = request.limit() < 0 ? order.length : (int) Math.min(order.length, request.limit());
        FieldSchema pk = schema.primaryKey();
        ColumnBuilder pks = new ColumnBuilder(pk.dataType(), 0, limit);
        Map<String, ColumnBuilder> fields = builders(request.outputFields(), limit);
        for (int i = 0; i < limit; i++) {
            Segment segment = matchSegments.get(order[i]);
            int row = matchRows.get(order[i]);
            pks.append(segment.primaryKeys, row);
            fields.forEach((name, builder) -> builder.append(segment.rows.column(name), row));
        }
        return new ShardQueryResult(pks.build(), build(fields, limit), count);
    }

    private record Acceptance(RowFilter filter, int passing) {}

    /** Which rows of a segment are visible at the snapshot and pass the filter (null filter: all). */
    private static Acceptance acceptance(Segment segment, Filter filter, long snapshot) {
        boolean allVisible = segment.allVisibleAt(snapshot);
        if (filter == null && allVisible) {
            return new Acceptance(null, segment.size());
        }
        BitSet accepted = new BitSet(segment.size());
        if (filter != null) {
            filter.evaluate(segment.rows, accepted);
        } else {
            accepted.set(0, segment.size());
        }
        if (!allVisible) {
            for (int row = accepted.nextSetBit(0); row >= 0; row = accepted.nextSetBit(row + 1)) {
                if (!segment.visibleAt(row, snapshot)) {
                    accepted.clear(row);
                }
            }
        }
        RowFilter rows = RowFilter.of(accepted);
        return new Acceptance(rows, rows.passing());
    }

    /**
     * The segment's ANN index on the field, or null. Its metric must be the request's, whether or not any
     * row of the segment passes, so the answer does not depend on the data.
     */
    private static VectorIndex annIndex(Segment segment, FieldSchema field, ShardSearchRequest request) {
        VectorIndex ann = segment.annIndex(field.name());
        if (ann != null && ann.spec().metric() != request.metric()) {
            throw new QuiverException(
                    ErrorCode.METRIC_NOT_SUPPORTED,
                    "metric type " + request.metric() + " does not match the index on field '" + field.name() + "' ("
                            + ann.spec().metric() + ")");
        }
        return ann;
    }

    private ShardSearchResult.Hits hits(TopK top, List<String> outputFields) {
        int n = top.size();
        ColumnBuilder pks = new ColumnBuilder(schema.primaryKey().dataType(), 0, n);
        Map<String, ColumnBuilder> fields = builders(outputFields, n);
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            Segment segment = top.segment(i);
            int row = top.row(i);
            scores[i] = top.score(i);
            pks.append(segment.primaryKeys, row);
            fields.forEach((name, builder) -> builder.append(segment.rows.column(name), row));
        }
        return new ShardSearchResult.Hits(pks.build(), scores, build(fields, n));
    }

    private Map<String, ColumnBuilder> builders(List<String> outputFields, int rows) {
        Map<String, ColumnBuilder> builders = new LinkedHashMap<>();
        for (String name : outputFields) {
            FieldSchema field = schema.field(name);
            builders.put(name, new ColumnBuilder(field.dataType(), field.dimension(), rows));
        }
        return builders;
    }

    private static ColumnBatch build(Map<String, ColumnBuilder> builders, int rows) {
        Map<String, Column> columns = new LinkedHashMap<>();
        builders.forEach((name, builder) -> columns.put(name, builder.build()));
        return new ColumnBatch(rows, columns);
    }
}
