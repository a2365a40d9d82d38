package io.quiver.common.data;

import static java.util.Objects.requireNonNull;

import io.quiver.common.schema.DataType;

public record StringColumn(String[] values) implements Column {
    public StringColumn {
        requireNonNull(values, "values");
    }

    @Override
    public DataType type() {
        return DataType.VARCHAR;
    }

    @Override
    public int size() {
        return values.length;
    }

    public String get(int row) {
        return values[row];
    }

    @Override
    public StringColumn select(int[] rows) {
        String[] out = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return new StringColumn(out);
    }
}
