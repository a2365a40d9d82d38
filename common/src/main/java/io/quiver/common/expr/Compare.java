package io.quiver.common.expr;

import static java.util.Objects.requireNonNull;

import io.quiver.common.schema.DataType;
import java.util.Set;

/** {@code field op value}, e.g. {@code age > 3}; a literal on the left is flipped to the right when parsed. */
public record Compare(String field, DataType type, CompareOp op, Literal value) implements Filter {
    public Compare {
        requireNonNull(field, "field");
        requireNonNull(type, "type");
        requireNonNull(op, "op");
        requireNonNull(value, "value");
        FilterTypes.checkComparable(field, type, value);
        if (op.isOrdering() && type == DataType.BOOL) {
            throw new IllegalArgumentException("operator " + op.symbol() + " cannot be applied to Bool field " + field);
        }
    }

    @Override
    public Set<String> fields() {
        return Set.of(field);
    }
}
