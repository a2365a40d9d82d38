package io.quiver.common.expr;

import java.util.Set;

/** A filter that every row passes ({@code true}) or none does ({@code false}). */
public record Constant(boolean value) implements Filter {
    @Override
    public Set<String> fields() {
        return Set.of();
    }
}
