package io.quiver.common.meta;

/**
 * @param succeeded whether the comparisons held (and {@code then} was applied)
 * @param revision the store revision after the transaction
 */
public record TxnResult(boolean succeeded, long revision) {}
