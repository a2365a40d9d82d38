package io.quiver.common.index;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.util.Locale;

/** Index kinds a user can create (the Milvus {@code index_type} parameter). */
public enum IndexType {
    FLAT,
    HNSW;

    public static IndexType parse(String name) {
        if (name == null || name.isBlank() || name.equalsIgnoreCase("AUTOINDEX")) {
            return HNSW;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new QuiverException(
                    ErrorCode.INDEX_NOT_SUPPORTED,
                    "index type '" + name + "' is not supported (supported: FLAT, HNSW, AUTOINDEX)");
        }
    }
}
