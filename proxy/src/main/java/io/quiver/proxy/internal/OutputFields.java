package io.quiver.proxy.internal;

import io.quiver.common.QuiverException;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.FieldSchema;
import io.quiver.common.schema.MilvusSchemas;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Resolves requested output field names ({@code *} means every field). */
final class OutputFields {
    static final String COUNT = "count(*)";

    private OutputFields() {}

    static List<String> resolve(List<String> requested, CollectionSchema schema) {
        Set<String> names = new LinkedHashSet<>();
        for (String raw : requested) {
            String name = raw.trim();
            if (name.isEmpty() || name.equals(MilvusSchemas.DYNAMIC_FIELD)) {
                continue;
            }
            if (name.equals("*")) {
                schema.fields().forEach(f -> names.add(f.name()));
                continue;
            }
            FieldSchema field = schema.findField(name)
                    .orElseThrow(() -> QuiverException.invalid(
                            "output field '%s' does not exist in collection '%s'", name, schema.name()));
            names.add(field.name());
        }
        return new ArrayList<>(names);
    }
}
