package io.quiver.common.expr;

import static java.util.Objects.requireNonNull;

import io.quiver.common.schema.DataType;
import java.util.Set;

/** {@code field in [v1, v2, ...]}, or {@code field not in [...]} when {@code negated}. */
public record In(String field, DataType type, ValueSet values, boolean negated) implements Filter {
    public In {
        requireNonNull(field, "field");
        requireNonNull(type, "type");
        requireNonNull(values, "values");
        if (values.type() != type) {
            throw new IllegalArgumentException(
                    "values of type " + values.type() + " cannot be matched against field " + field + " of " + type);
        }
    }

    @Override
    public Set<String> fields() {
        return Set.of(field);
    }
}
