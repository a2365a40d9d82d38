package io.quiver.common.data;

import static java.util.Objects.requireNonNull;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rows as named columns of equal length. User fields are keyed by field name; system columns start
 * with {@code $} ({@link #TIMESTAMP}: the insert timestamp of each row).
 */
public record ColumnBatch(int rowCount, Map<String, Column> columns) {
    public static final String TIMESTAMP = "$ts";

    public ColumnBatch {
        requireNonNull(columns, "columns");
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        for (Map.Entry<String, Column> column : columns.entrySet()) {
            if (column.getValue().size() != rowCount) {
                throw new IllegalArgumentException("column '" + column.getKey() + "' has "
                        + column.getValue().size() + " rows, the batch has " + rowCount);
            }
        }
    }

    public boolean has(String name) {
        return columns.containsKey(name);
    }

    public Column column(String name) {
        Column column = columns.get(name);
        if (column == null) {
            throw new QuiverException(ErrorCode.INTERNAL, "no column '" + name + "' in batch of " + columns.keySet());
        }
        return column;
    }

    /** The rows of several batches with the same columns, one after another. */
    public static ColumnBatch concat(java.util.List<ColumnBatch> batches) {
        if (batches.size() == 1) {
            return batches.getFirst();
        }
        int rows = batches.stream().mapToInt(ColumnBatch::rowCount).sum();
        Map<String, ColumnBuilder> builders = new LinkedHashMap<>();
        batches.getFirst().columns().forEach((name, column) -> builders.put(name, ColumnBuilder.like(column, rows)));
        for (ColumnBatch batch : batches) {
            batch.columns().forEach((name, column) -> builders.get(name).appendAll(column));
        }
        Map<String, Column> columns = new LinkedHashMap<>();
        builders.forEach((name, builder) -> columns.put(name, builder.build()));
        return new ColumnBatch(rows, columns);
    }

    /** A batch of the given rows of every column. */
    public ColumnBatch select(int[] rows) {
        Map<String, Column> out = new LinkedHashMap<>();
        columns.forEach((name, column) -> out.put(name, column.select(rows)));
        return new ColumnBatch(rows.length, out);
    }
}
