package io.quiver.common.index.hnsw;

import io.quiver.common.index.IndexType;
import io.quiver.common.index.VectorIndexContractTest;

class HnswIndexContractTest extends VectorIndexContractTest {
    @Override
    protected IndexType type() {
        return IndexType.HNSW;
    }
}
