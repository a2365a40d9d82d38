package io.quiver.storage;

class InMemoryObjectStoreTest extends ObjectStoreContractTest {
    @Override
    protected ObjectStore createStore() {
        return new InMemoryObjectStore();
    }
}
