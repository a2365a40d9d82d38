package io.quiver.bench.ingest;

import java.util.Locale;

/** One timed insert of every row: the SDK form, batch size and client threads, and how long it took. */
record IngestRun(String form, int batch, int threads, int rows, double seconds, int dimension) {
    double rowsPerSecond() {
        return rows / seconds;
    }

    /** Vector payload only: 4 bytes per component. */
    double megabytesPerSecond() {
        return rowsPerSecond() * dimension * 4 / 1e6;
    }

    String line() {
        return String.format(
                Locale.ROOT,
                "%-10s batch %,6d  %d threads  %,d rows in %.2f s = %,.0f rows/s (%.1f MB/s)",
                form,
                batch,
                threads,
                rows,
                seconds,
                rowsPerSecond(),
                megabytesPerSecond());
    }
}
