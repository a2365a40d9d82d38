package io.quiver.common.expr;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Rows that pass any operand: {@code a or b or c}. */
public record Or(List<Filter> operands) implements Filter {
    public Or {
        operands = List.copyOf(operands);
        if (operands.size() < 2) {
            throw new IllegalArgumentException("or needs at least two operands, not " + operands.size());
        }
    }

    @Override
    public Set<String> fields() {
        Set<String> fields = new LinkedHashSet<>();
        operands.forEach(operand -> fields.addAll(operand.fields()));
        return Set.copyOf(fields);
    }
}
