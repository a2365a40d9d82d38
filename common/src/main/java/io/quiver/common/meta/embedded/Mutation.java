package io.quiver.common.meta.embedded;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The changes of one store revision: what a put, a delete, a writing transaction or a lease expiry
 * appends to the journal. Every change of a mutation gets the mutation's revision.
 */
record Mutation(long revision, List<Change> changes) {
    Mutation {
        if (revision <= 0) {
            throw new IllegalArgumentException("mutation revision must be positive: " + revision);
        }
        changes = List.copyOf(changes);
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("mutation at revision " + revision + " has no changes");
        }
    }

    sealed interface Change {
        String key();
    }

    /** Writes {@code key}; {@code leaseId} 0 means no lease. */
    record Put(String key, byte[] value, long leaseId) implements Change {
        Put {
            requireNonNull(key, "key");
            requireNonNull(value, "value");
        }
    }

    record Delete(String key) implements Change {
        Delete {
            requireNonNull(key, "key");
        }
    }
}
