package io.quiver.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Peak heap occupancy read from a unified JVM GC log ({@code -Xlog:gc}): the largest "before" size of a GC. */
final class GcLog {
    private static final Pattern SIZES = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private GcLog() {}

    static long peakHeapMegabytes(Path log) throws IOException {
        long peak = 0;
        if (!Files.exists(log)) {
            return 0;
        }
        for (String line : Files.readAllLines(log)) {
            Matcher m = SIZES.matcher(line);
            while (m.find()) {
                peak = Math.max(peak, Long.parseLong(m.group(1)));
            }
        }
        return peak;
    }
}
