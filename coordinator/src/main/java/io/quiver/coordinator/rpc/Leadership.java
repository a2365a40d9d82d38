package io.quiver.coordinator.rpc;

/**
 * Whether the coordinator serving {@link CoordinatorRpcService} surely still leads. It is confirmed before
 * handing out a timestamp or acknowledging a writer's report: the meta store's guards cannot fence those,
 * and a writer treats an acknowledged report as a promise that ticks wait for its writes.
 */
@FunctionalInterface
public interface Leadership {
    /** A coordinator that no other can depose (one process, tests). */
    Leadership UNCONTESTED = () -> {};

    /** Returns if this coordinator surely leads; otherwise throws UNAVAILABLE. */
    void confirm();
}
