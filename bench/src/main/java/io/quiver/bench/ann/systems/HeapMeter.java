package io.quiver.bench.ann.systems;

final class HeapMeter {
    static long retainedHeap() {
        return 0;
    }

    static long offHeap() {
        return 0;
    }
}
