package io.quiver.common.index;

import static java.util.Objects.requireNonNull;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;

/** The argument checks every {@link VectorIndex#search} implementation makes. */
public final class SearchArguments {
    private SearchArguments() {}

    /** Rejects a query whose length is not the index dimension, and a non-positive {@code k}. */
    public static void check(IndexSpec spec, float[] query, int k, SearchParams params) {
        requireNonNull(query, "query");
        requireNonNull(params, "params");
        if (query.length != spec.dimension()) {
            throw new QuiverException(
                    ErrorCode.DIMENSION_MISMATCH,
                    "query vector dimension " + query.length + " does not match the " + spec.type()
                            + " index dimension " + spec.dimension());
        }
        QuiverException.check(k > 0, "top-k is %d; it must be positive", k);
    }
}
