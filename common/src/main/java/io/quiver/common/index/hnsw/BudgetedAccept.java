package io.quiver.common.index.hnsw;

import io.github.jbellis.jvector.util.Bits;
import io.quiver.common.index.RowFilter;

/**
 * A row filter as jvector accept bits that counts its calls: jvector asks once per node it expands, so the
 * count is the walk's expansions, and past {@code budget} the walk is abandoned by throwing {@link
 * Exhausted} (jvector has no other way to stop a search midway). One instance per search.
 */
final class BudgetedAccept implements Bits {
    /** Thrown to abandon a walk; carries no stack trace, it is control flow within {@link HnswIndex}. */
    static final class Exhausted extends RuntimeException {
        private static final Exhausted INSTANCE = new Exhausted();

        private Exhausted() {
            super("filtered graph walk exceeded its budget", null, false, false);
        }
    }

    private final RowFilter rows;
    private int remaining;

    BudgetedAccept(RowFilter rows, int budget) {
        this.rows = rows;
        this.remaining = budget;
    }

    @Override
    public boolean get(int node) {
        if (--remaining < 0) {
            throw Exhausted.INSTANCE;
        }
        return rows.accept(node);
    }
}
