package io.quiver.bench.ann;

/**
 * What building a system cost.
 *
 * @param loadSeconds time to get the rows into the system (0 where vectors are referenced in place)
 * @param buildSeconds time to build the index over them
 * @param heapBytes heap retained by the system after a full GC, vectors included
 * @param offHeapBytes direct and mapped buffers plus index files the system holds outside the heap
 */
public record BuildReport(double loadSeconds, double buildSeconds, long heapBytes, long offHeapBytes) {
    public double bytesPerVector(int rows) {
        return (heapBytes + offHeapBytes) / (double) rows;
    }
}
