package io.quiver.common.expr;

import static java.util.Objects.requireNonNull;

import io.quiver.common.schema.DataType;
import java.util.Set;

/**
 * A Milvus range chain, {@code lower < field < upper} ({@code 1 < age <= 5}; {@code 10 >= x > 2} is
 * {@code 2 < x <= 10}).
 */
public record Range(
        String field, DataType type, Literal lower, boolean lowerInclusive, Literal upper, boolean upperInclusive)
        implements Filter {
    public Range {
        requireNonNull(field, "field");
        requireNonNull(type, "type");
        requireNonNull(lower, "lower");
        requireNonNull(upper, "upper");
        FilterTypes.checkComparable(field, type, lower);
        FilterTypes.checkComparable(field, type, upper);
        if (type == DataType.BOOL) {
            throw new IllegalArgumentException("Bool field " + field + " has no order for a range");
        }
    }

    @Override
    public Set<String> fields() {
        return Set.of(field);
    }
}
