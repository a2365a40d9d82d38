package io.quiver.bench.ann.systems;

import io.quiver.bench.ann.BuildReport;
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

    /** Memory before a build, to report what the build retains. */
    public record Baseline(long heap, long offHeap) {
        /** The build report of a system built since this baseline was taken. */
        public BuildReport report(double loadSeconds, double buildSeconds) {
            return new BuildReport(loadSeconds, buildSeconds, retainedHeap() - heap, Math.max(0, offHeap() - offHeap));
        }
    }

    /** Takes the baseline (after full collections). */
    public static Baseline baseline() {
        return new Baseline(retainedHeap(), offHeap());
    }

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
