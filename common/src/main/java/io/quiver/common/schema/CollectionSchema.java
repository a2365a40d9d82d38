package io.quiver.common.schema;

import static java.util.Objects.requireNonNull;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A collection's fields: exactly one primary key, at least one vector field, unique names. */
public record CollectionSchema(String name, String description, List<FieldSchema> fields) {
    public static final int MAX_FIELDS = 64;

    public CollectionSchema {
        requireNonNull(name, "name");
        description = description == null ? "" : description;
        fields = List.copyOf(fields);
        QuiverException.check(Names.isValid(name), "collection name '%s' is invalid: %s", name, Names.RULE);
        QuiverException.check(
                !fields.isEmpty() && fields.size() <= MAX_FIELDS,
                "collection '%s' has %d fields; it must have between 1 and %d",
                name,
                fields.size(),
                MAX_FIELDS);
        Set<String> names = new HashSet<>();
        Set<Long> ids = new HashSet<>();
        int primaryKeys = 0;
        int vectors = 0;
        for (FieldSchema field : fields) {
            QuiverException.check(
                    names.add(field.name()), "collection '%s' has two fields named '%s'", name, field.name());
            QuiverException.check(ids.add(field.id()), "collection '%s' has two fields with id %d", name, field.id());
            primaryKeys += field.primaryKey() ? 1 : 0;
            vectors += field.dataType().isVector() ? 1 : 0;
        }
        QuiverException.check(
                primaryKeys == 1, "collection '%s' has %d primary key fields; it needs exactly one", name, primaryKeys);
        QuiverException.check(vectors >= 1, "collection '%s' has no vector field; it needs at least one", name);
    }

    public FieldSchema primaryKey() {
        return fields.stream().filter(FieldSchema::primaryKey).findFirst().orElseThrow();
    }

    public Optional<FieldSchema> findField(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    /** The named field, or an error naming the collection and the field. */
    public FieldSchema field(String fieldName) {
        return findField(fieldName)
                .orElseThrow(() -> new QuiverException(
                        ErrorCode.INVALID_ARGUMENT,
                        "field '" + fieldName + "' does not exist in collection '" + name + "'"));
    }

    public List<FieldSchema> vectorFields() {
        return fields.stream().filter(f -> f.dataType().isVector()).toList();
    }

    public int indexOf(String fieldName) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(fieldName)) {
                return i;
            }
        }
        return -1;
    }
}
