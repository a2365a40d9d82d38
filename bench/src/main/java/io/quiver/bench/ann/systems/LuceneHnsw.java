package io.quiver.bench.ann.systems;

import io.quiver.bench.ann.*;

public final class LuceneHnsw implements AnnSystem {
    public String name() {
        return "LuceneHnsw";
    }

    public BuildReport build(Dataset d, int m, int b) {
        return null;
    }

    public long[] search(float[] q, int k, int ef, Selection s) {
        return null;
    }

    public void close() {}
}
