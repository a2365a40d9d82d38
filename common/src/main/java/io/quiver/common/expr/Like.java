package io.quiver.common.expr;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/** {@code field like "pattern"} on a VarChar field. */
public record Like(String field, LikePattern pattern) implements Filter {
    public Like {
        requireNonNull(field, "field");
        requireNonNull(pattern, "pattern");
    }

    @Override
    public Set<String> fields() {
        return Set.of(field);
    }
}
