package io.quiver.storage.binlog;

import static java.util.Objects.requireNonNull;

import io.quiver.common.QuiverException;
import io.quiver.common.data.Column;
import io.quiver.common.data.LongColumn;
import io.quiver.common.data.StringColumn;
import io.quiver.common.schema.DataType;

/**
 * Tombstones: entry {@code i} deletes primary key {@code primaryKeys[i]} at {@code timestamps[i]}.
 *
 * @param primaryKeys an Int64 {@link LongColumn} or a {@link StringColumn} without nulls
 */
public record DeltaBatch(Column primaryKeys, long[] timestamps) {
    public DeltaBatch {
        requireNonNull(primaryKeys, "primaryKeys");
        requireNonNull(timestamps, "timestamps");
        QuiverException.check(
                primaryKeys.type() == DataType.INT64 || primaryKeys.type() == DataType.VARCHAR,
                "delete primary keys have type %s; they must be Int64 or VarChar",
                primaryKeys.type());
        QuiverException.check(
                primaryKeys.size() == timestamps.length,
                "deletes have %d primary keys but %d timestamps",
                primaryKeys.size(),
                timestamps.length);
        if (primaryKeys instanceof StringColumn strings) {
            for (int i = 0; i < strings.size(); i++) {
                QuiverException.check(strings.get(i) != null, "delete %d has a null primary key", i);
            }
        }
    }

    /** No deletes, for a collection whose primary key has the given type. */
    public static DeltaBatch empty(DataType primaryKeyType) {
        Column keys =
                switch (primaryKeyType) {
                    case INT64 -> LongColumn.int64(new long[0]);
                    case VARCHAR -> new StringColumn(new String[0]);
                    default ->
                        throw QuiverException.invalid(
                                "primary key type %s is not supported; it must be Int64 or VarChar", primaryKeyType);
                };
        return new DeltaBatch(keys, new long[0]);
    }

    public DataType primaryKeyType() {
        return primaryKeys.type();
    }

    public int size() {
        return timestamps.length;
    }
}
