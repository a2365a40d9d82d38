package io.quiver.bench.ann.systems;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

/**
 * Memory as the JVM reports it, for the build reports. {@link #retainedHeap()} is the used heap after a few
 * full collections: take it before and after building a system, and the difference is what the system
 * retains (other threads allocating meanwhile blur it by a few MiB). {@link #offHeap()} is the memory of the
 * JVM's direct and mapped buffer pools; native memory allocated otherwise (such as Arrow's or Netty's own
 * allocators when they bypass {@code ByteBuffer}) is not counted.
 */
public final class HeapMeter {
    private static final int COLLECTIONS = 3;

    private HeapMeter() {}

    /** Used heap in bytes after {@value #COLLECTIONS} requested full collections. */
    public static long retainedHeap() {
        for (int i = 0; i < COLLECTIONS; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Bytes held by the direct and mapped buffer pools. */
    public static long offHeap() {
        long total = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            total += Math.max(0, pool.getMemoryUsed());
        }
        return total;
    }
}
