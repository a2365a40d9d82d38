package io.quiver.common.data;

import io.quiver.common.schema.DataType;

/**
 * One field's values for a run of rows, held in flat primitive arrays. Columns are immutable once
 * built: writers hand over their arrays and never touch them again.
 */
public sealed interface Column
        permits BoolColumn, LongColumn, FloatColumn, DoubleColumn, StringColumn, FloatVectorColumn {

    DataType type();

    /** Number of rows. */
    int size();

    /** A new column holding the given rows, in the given order. */
    Column select(int[] rows);
}
