package io.quiver.common.expr;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Rows that pass every operand: {@code a and b and c}. */
public record And(List<Filter> operands) implements Filter {
    public And {
        operands = List.copyOf(operands);
        if (operands.size() < 2) {
            throw new IllegalArgumentException("and needs at least two operands, not " + operands.size());
        }
    }

    @Override
    public Set<String> fields() {
        Set<String> fields = new LinkedHashSet<>();
        operands.forEach(operand -> fields.addAll(operand.fields()));
        return Set.copyOf(fields);
    }
}
