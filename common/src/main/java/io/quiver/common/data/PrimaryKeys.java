package io.quiver.common.data;

/** Primary-key values as objects ({@code Long} or {@code String}), for maps keyed by primary key. */
public final class PrimaryKeys {
    private PrimaryKeys() {}

    public static Object get(Column primaryKeys, int row) {
        return switch (primaryKeys) {
            case LongColumn c -> c.get(row);
            case StringColumn c -> c.get(row);
            default -> throw new IllegalArgumentException("primary keys cannot be " + primaryKeys.type());
        };
    }

    /** Orders primary keys of one type (numbers numerically, strings by UTF-16 code units). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static int compare(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }
}
