package io.quiver.common.expr;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/** A Bool field used alone as a condition: {@code is_active}. */
public record BoolField(String field) implements Filter {
    public BoolField {
        requireNonNull(field, "field");
    }

    @Override
    public Set<String> fields() {
        return Set.of(field);
    }
}
