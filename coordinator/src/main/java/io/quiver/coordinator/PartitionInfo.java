package io.quiver.coordinator;

import static java.util.Objects.requireNonNull;

public record PartitionInfo(long id, String name, long createdTs) {
    public static final String DEFAULT_NAME = "_default";

    public PartitionInfo {
        requireNonNull(name, "name");
    }
}
