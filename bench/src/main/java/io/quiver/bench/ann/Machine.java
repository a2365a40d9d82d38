package io.quiver.bench.ann;

import io.github.jbellis.jvector.vector.VectorizationProvider;
import java.util.Locale;

/** The line every report carries: what the numbers were measured on. */
public final class Machine {
    private Machine() {}

    public static String describe() {
        boolean vectorModule =
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        return String.format(
                Locale.ROOT,
                "%d cores, %s %s, JDK %s (%s), max heap %,d MiB, jdk.incubator.vector %s, jvector %s",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                Runtime.version(),
                System.getProperty("java.vm.vendor"),
                Runtime.getRuntime().maxMemory() >> 20,
                vectorModule ? "on" : "off",
                VectorizationProvider.getInstance().getClass().getSimpleName());
    }
}
