package io.quiver.common.expr;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/** Rows that do not pass the operand. */
public record Not(Filter operand) implements Filter {
    public Not {
        requireNonNull(operand, "operand");
    }

    @Override
    public Set<String> fields() {
        return operand.fields();
    }
}
