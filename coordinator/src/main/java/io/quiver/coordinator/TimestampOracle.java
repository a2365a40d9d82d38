package io.quiver.coordinator;

/** Hands out strictly increasing hybrid timestamps ({@link io.quiver.common.Timestamps}). */
public interface TimestampOracle {
    long allocate();
}
