package io.quiver.common.expr;

import static java.util.Objects.requireNonNull;

import io.quiver.common.data.ColumnBatch;
import java.util.BitSet;
import java.util.Set;

/**
 * A parsed Milvus boolean expression (see {@link FilterParser}), as a tree of records. Evaluation is
 * column at a time: each leaf scans one column's primitive array into a bit mask, and {@link And},
 * {@link Or} and {@link Not} combine masks.
 */
public sealed interface Filter permits Compare, Range, In, Like, And, Or, Not, BoolField, Constant {

    /**
     * Sets in {@code out} exactly the rows of {@code batch} that pass (rows are {@code 0 ..
     * batch.rowCount() - 1}); every other bit of {@code out} is cleared.
     */
    default void evaluate(ColumnBatch batch, BitSet out) {
        requireNonNull(batch, "batch");
        requireNonNull(out, "out");
        long[] words = FilterEvaluator.evaluate(this, batch);
        out.clear();
        out.or(BitSet.valueOf(words));
    }

    /** The names of the fields the filter reads. */
    Set<String> fields();
}
