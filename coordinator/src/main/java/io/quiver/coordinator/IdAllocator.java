package io.quiver.coordinator;

/** Hands out unique 64-bit ids (never reused, also across restarts). */
public interface IdAllocator {
    /** Reserves {@code count} consecutive ids and returns the first. */
    long allocate(int count);
}
