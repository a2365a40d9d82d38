package io.quiver.bench.ann;

import java.util.BitSet;

/**
 * A filter of the filtered sweep: the Milvus boolean expression a server evaluates, and the same set of
 * passing row ids for in-process systems.
 *
 * @param label a short description, such as {@code 1%}
 * @param expression the filter in Milvus expression syntax over the dataset's scalar fields
 * @param passing the row ids the expression accepts
 */
public record Selection(String label, String expression, BitSet passing) {
    public double fraction(int rows) {
        return passing.cardinality() / (double) rows;
    }
}
