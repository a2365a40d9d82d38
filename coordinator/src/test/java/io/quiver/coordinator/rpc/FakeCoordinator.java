package io.quiver.coordinator.rpc;

import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.Coordinator;
import io.quiver.coordinator.IdAllocator;
import io.quiver.coordinator.TickSource;
import io.quiver.coordinator.TimestampOracle;
import io.quiver.coordinator.node.QueryNodeService;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A coordinator that records what it is asked; {@link #failure}, when set, is thrown by every call. */
final class FakeCoordinator implements Coordinator {
    final FakeCatalog catalog = new FakeCatalog();
    final AtomicLong lastTimestamp = new AtomicLong(1_000);
    final AtomicLong nextId = new AtomicLong(1);
    final List<TickSource> writers = new CopyOnWriteArrayList<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    /** At each requestTick, the safe timestamps of the registered writers. */
    final List<List<Long>> tickRequests = new CopyOnWriteArrayList<>();

    volatile int progress = 42;
    volatile RuntimeException failure;

    @Override
    public TimestampOracle timestampOracle() {
        return () -> {
            check();
            return lastTimestamp.incrementAndGet();
        };
    }

    @Override
    public IdAllocator idAllocator() {
        return count -> {
            check();
            return nextId.getAndAdd(count);
        };
    }

    @Override
    public FakeCatalog catalog() {
        return catalog;
    }

    @Override
    public void registerWriter(TickSource writer) {
        check();
        writers.add(writer);
    }

    @Override
    public void unregisterWriter(TickSource writer) {
        check();
        writers.remove(writer);
    }

    @Override
    public void requestTick() {
        check();
        tickRequests.add(writers.stream().map(TickSource::safeTimestamp).toList());
    }

    @Override
    public void loadCollection(CollectionInfo collection) {
        check();
        calls.add("load " + collection.id());
    }

    @Override
    public void releaseCollection(CollectionInfo collection) {
        check();
        calls.add("release " + collection.id());
    }

    @Override
    public int loadProgress(CollectionInfo collection) {
        check();
        calls.add("progress " + collection.id());
        return progress;
    }

    @Override
    public QueryNodeService queryNode(long collectionId, int shard) {
        throw new UnsupportedOperationException("the fake coordinator routes no query nodes");
    }

    @Override
    public void flush(CollectionInfo collection) {
        check();
        calls.add("flush " + collection.id());
    }

    private void check() {
        RuntimeException e = failure;
        if (e != null) {
            throw e;
        }
    }
}
