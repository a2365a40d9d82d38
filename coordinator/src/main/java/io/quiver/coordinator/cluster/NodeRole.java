package io.quiver.coordinator.cluster;

import java.util.Locale;

/** The roles a cluster process can have; each registers a session under its role. */
public enum NodeRole {
    COORDINATOR,
    PROXY,
    QUERY_NODE,
    WRITE_NODE;

    /** The name used in meta-store keys and on the command line: {@code querynode}, {@code writenode}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace("_", "");
    }
}
