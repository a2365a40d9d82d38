package io.quiver.coordinator.node;

/** What a write node does on request. */
public interface WriteNodeService {

    /**
     * Seals and commits every row and tombstone of the collection written before {@code timestamp}.
     * Returns once the segments are committed to the catalog.
     */
    void flush(long collectionId, long timestamp);
}
