package io.quiver.common.index;

/** Which row ordinals a search may return. */
@FunctionalInterface
public interface RowFilter {
    boolean accept(int ordinal);
}
