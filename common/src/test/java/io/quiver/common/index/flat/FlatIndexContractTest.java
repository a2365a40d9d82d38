package io.quiver.common.index.flat;

import io.quiver.common.index.IndexType;
import io.quiver.common.index.VectorIndexContractTest;

class FlatIndexContractTest extends VectorIndexContractTest {
    @Override
    protected IndexType type() {
        return IndexType.FLAT;
    }
}
