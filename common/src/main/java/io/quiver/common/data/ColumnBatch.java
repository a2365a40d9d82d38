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

    /** A batch of the given rows of every column. */
    public ColumnBatch select(int[] rows) {
        Map<String, Column> out = new LinkedHashMap<>();
        columns.forEach((name, column) -> out.put(name, column.select(rows)));
        return new ColumnBatch(rows.length, out);
    }
}
