package io.quiver.common.index.flat;

/**
 * The {@code capacity} best rows seen so far, by a key where smaller is better: a bounded max-heap with the
 * worst row at the root, so a row that does not make the cut costs one comparison. Ties go to the lower
 * ordinal. Rows whose key is NaN are never kept.
 */
final class TopRows {
    private final int[] ordinals;
    private final float[] keys;
    private int size;

    TopRows(int capacity) {
        this.ordinals = new int[capacity];
        this.keys = new float[capacity];
    }

    void offer(int ordinal, float key) {
        if (size < ordinals.length) {
            if (key == key) {
                siftUp(size++, ordinal, key);
            }
        } else if (key < keys[0] || (key == keys[0] && ordinal < ordinals[0])) {
            siftDown(ordinal, key);
        }
    }

    int size() {
        return size;
    }

    /** The kept ordinals (the first {@link #size()} entries), in heap order. */
    int[] ordinals() {
        return ordinals;
    }

    private boolean worse(float keyA, int ordinalA, float keyB, int ordinalB) {
        return keyA > keyB || (keyA == keyB && ordinalA > ordinalB);
    }

    private void siftUp(int slot, int ordinal, float key) {
        while (slot > 0) {
            int parent = (slot - 1) >>> 1;
            if (!worse(key, ordinal, keys[parent], ordinals[parent])) {
                break;
            }
            keys[slot] = keys[parent];
            ordinals[slot] = ordinals[parent];
            slot = parent;
        }
        keys[slot] = key;
        ordinals[slot] = ordinal;
    }

    /** Replaces the root (the worst row) and restores the heap. */
    private void siftDown(int ordinal, float key) {
        int slot = 0;
        while (true) {
            int child = 2 * slot + 1;
            if (child >= size) {
                break;
            }
            int right = child + 1;
            if (right < size && worse(keys[right], ordinals[right], keys[child], ordinals[child])) {
                child = right;
            }
            if (!worse(keys[child], ordinals[child], key, ordinal)) {
                break;
            }
            keys[slot] = keys[child];
            ordinals[slot] = ordinals[child];
            slot = child;
        }
        keys[slot] = key;
        ordinals[slot] = ordinal;
    }
}
