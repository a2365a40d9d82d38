package io.quiver.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.common.data.Column;
import io.quiver.common.data.FloatVectorColumn;
import io.quiver.common.data.LongColumn;
import io.quiver.common.data.MilvusFieldData;
import io.quiver.common.index.MetricType;
import io.quiver.common.index.SearchParams;
import io.quiver.common.meta.MetaStore;
import io.quiver.common.meta.embedded.EmbeddedMetaStore;
import io.quiver.common.schema.CollectionSchema;
import io.quiver.common.schema.DataType;
import io.quiver.common.schema.FieldSchema;
import io.quiver.common.wal.WalEntries;
import io.quiver.coordinator.Catalog;
import io.quiver.coordinator.CollectionInfo;
import io.quiver.coordinator.ConsistencyLevel;
import io.quiver.coordinator.internal.ChannelLayout;
import io.quiver.coordinator.internal.MetaStoreCatalog;
import io.quiver.coordinator.internal.MetaStoreIdAllocator;
import io.quiver.coordinator.internal.PersistentTimestampOracle;
import io.quiver.coordinator.node.ShardQueryRequest;
import io.quiver.coordinator.node.ShardQueryResult;
import io.quiver.coordinator.node.ShardSearchRequest;
import io.quiver.coordinator.node.ShardSearchResult;
import io.quiver.proto.wal.DeleteBody;
import io.quiver.proto.wal.InsertBody;
import io.quiver.proto.wal.TimeTick;
import io.quiver.proto.wal.WalEntry;
import io.quiver.querynode.QueryNode;
import io.quiver.querynode.QueryNodeConfig;
import io.quiver.storage.local.LocalObjectStore;
import io.quiver.wal.local.LocalWalConfig;
import io.quiver.wal.local.LocalWriteAheadLog;
import io.quiver.writenode.WriteNode;
import io.quiver.writenode.WriteNodeConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several simulated proxies write one shard; their entries reach the log out of timestamp order
 * between ticks. The real write node seals ranges at arbitrary entries and the real query node replays,
 * hands off and (on a fresh node) loads sealed segments plus the log tail. Counts, queries and searches
 * at every snapshot must show exactly the rows of a model that sorts all writes by timestamp.
 */
class OutOfOrderWritesTest {
    private static final int DIMENSION = 4;
    private static final int WRITES = 220;
    private static final int KEYS = 16;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final CollectionSchema SCHEMA = new CollectionSchema(
            "lww",
            "",
            List.of(
                    new FieldSchema(100, "id", DataType.INT64, true, false, 0, 0, ""),
                    new FieldSchema(101, "tag", DataType.INT64, false, false, 0, 0, ""),
                    new FieldSchema(102, "vec", DataType.FLOAT_VECTOR, false, false, DIMENSION, 0, "")));

    @TempDir
    Path directory;

    private final long seed = Long.getLong("seed", System.nanoTime());
    private final Random random = new Random(seed);
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private MetaStore metaStore;
    private LocalWriteAheadLog log;
    private LocalObjectStore store;
    private Catalog catalog;
    private PersistentTimestampOracle tso;

    /** A request of one proxy: rows of one partition, or tombstones ({@code tags == null}). */
    private record Write(long timestamp, long partition, long[] keys, long[] tags, float[] vectors) {}

    /** A row version of the model. */
    private record Row(long key, long tag) {}

    @BeforeEach
    void open() {
        metaStore = EmbeddedMetaStore.open(directory.resolve("meta"), Clock.systemUTC());
        log = LocalWriteAheadLog.open(LocalWalConfig.defaults(directory.resolve("wal")));
        store = new LocalObjectStore(directory.resolve("objects"));
        tso = PersistentTimestampOracle.open(metaStore, Clock.systemUTC());
        catalog =
                MetaStoreCatalog.open(metaStore, new MetaStoreIdAllocator(metaStore), tso, new ChannelLayout("dml", 1));
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closeables.reversed()) {
            closeable.close();
        }
        executor.shutdownNow();
        store.close();
        log.close();
        metaStore.close();
    }

    @Test
    void writeNodeAndQueryNodeKeepLastWriteWinsByTimestamp() throws Exception {
        System.out.println("seed=" + seed);
        catalog.createCollection(Catalog.DEFAULT_DATABASE, SCHEMA, 1, ConsistencyLevel.STRONG, Map.of(), false);
        long second = catalog.createPartition(Catalog.DEFAULT_DATABASE, "lww", "second")
                .id();
        CollectionInfo collection = catalog.collection(Catalog.DEFAULT_DATABASE, "lww");
        long[] partitions = {collection.defaultPartition().id(), second};
        String channel = collection.channels().getFirst();

        WriteNode writeNode = track(new WriteNode(
                log,
                store,
                catalog,
                List.of(channel),
                new WriteNodeConfig(600, Duration.ofMinutes(10), Duration.ofMillis(200)),
                executor));
        writeNode.start();
        QueryNode live = startQueryNode(collection);

        List<Write> writes = new ArrayList<>();
        List<Object> entries = generate(tso.allocate(), partitions, writes);
        long firstTimestamp = writes.getFirst().timestamp();
        long lastTick = 0;
        boolean flushed = false;
        for (int i = 0; i < entries.size(); i++) {
            Object entry = entries.get(i);
            log.append(channel, encode(collection, entry)).join();
            if (entry instanceof Long tick) {
                lastTick = tick;
                if (i > entries.size() / 2 && (!flushed || random.nextInt(10) == 0)) {
                    writeNode.flush(collection.id(), tick); // seals wherever the write node's reading is
                    flushed = true;
                }
            }
            if (random.nextInt(20) == 0) {
                Thread.sleep(random.nextInt(5)); // let the write node seal at different entries
            }
        }
        String context = "seed " + seed;
        assertThat(catalog.segments(collection.id()))
                .as("sealed ranges, %s", context)
                .isNotEmpty();

        check(live, collection, writes, firstTimestamp, lastTick, "live node, " + context);
        QueryNode fresh = startQueryNode(collection);
        lastTick = tick(collection, lastTick + 1); // the periodic tick a restarted node waits for
        check(fresh, collection, writes, firstTimestamp, lastTick, "fresh node, " + context);
        writeNode.flush(collection.id(), lastTick);
        QueryNode loaded = startQueryNode(collection);
        lastTick = tick(collection, lastTick + 1);
        check(loaded, collection, writes, firstTimestamp, lastTick, "all sealed, " + context);
        Thread.sleep(300); // past the live node's handoff interval
        check(live, collection, writes, firstTimestamp, lastTick, "live node after handoff, " + context);
    }

    private long tick(CollectionInfo collection, long timestamp) {
        log.append(collection.channels().getFirst(), encode(collection, timestamp))
                .join();
        return timestamp;
    }

    /** Log entries ({@link Write}s and ticks as {@code Long}s) as several proxies append them. */
    private List<Object> generate(long start, long[] partitions, List<Write> writes) {
        int proxies = 2 + random.nextInt(3);
        List<List<Write>> inFlight = new ArrayList<>();
        for (int p = 0; p < proxies; p++) {
            inFlight.add(new ArrayList<>());
        }
        List<Object> entries = new ArrayList<>();
        long timestamp = start;
        long lastTick = 0;
        while (writes.size() < WRITES || inFlight.stream().anyMatch(l -> !l.isEmpty())) {
            int step = random.nextInt(10);
            if (step < 4 && writes.size() < WRITES) {
                timestamp += 1 + random.nextInt(3);
                Write write = randomWrite(timestamp, partitions);
                writes.add(write);
                inFlight.get(random.nextInt(proxies)).add(write);
            } else if (step < 8) {
                List<List<Write>> busy =
                        inFlight.stream().filter(l -> !l.isEmpty()).toList();
                if (!busy.isEmpty()) {
                    List<Write> proxy = busy.get(random.nextInt(busy.size()));
                    entries.add(proxy.remove(random.nextInt(proxy.size())));
                }
            } else {
                long safe = ++timestamp;
                for (List<Write> proxy : inFlight) {
                    for (Write write : proxy) {
                        safe = Math.min(safe, write.timestamp() - 1);
                    }
                }
                if (safe > lastTick) {
                    entries.add(safe);
                    lastTick = safe;
                }
            }
        }
        entries.add(++timestamp);
        return entries;
    }

    private Write randomWrite(long timestamp, long[] partitions) {
        if (random.nextInt(4) == 0) {
            return new Write(
                    timestamp,
                    0,
                    random.longs(1 + random.nextInt(3), 0, KEYS + 2).toArray(),
                    null,
                    null);
        }
        int rows = 1 + random.nextInt(4);
        float[] vectors = new float[rows * DIMENSION];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = (float) random.nextGaussian();
        }
        return new Write(
                timestamp,
                partitions[random.nextInt(partitions.length)],
                random.longs(rows, 0, KEYS).toArray(),
                random.longs(rows, 0, 1_000).toArray(),
                vectors);
    }

    private static byte[] encode(CollectionInfo collection, Object entry) {
        if (entry instanceof Long tick) {
            return WalEntry.newBuilder()
                    .setFormatVersion(WalEntries.FORMAT_VERSION)
                    .setTimestamp(tick)
                    .setTimeTick(TimeTick.getDefaultInstance())
                    .build()
                    .toByteArray();
        }
        Write write = (Write) entry;
        if (write.tags() == null) {
            DeleteBody body = DeleteBody.newBuilder()
                    .setCollectionId(collection.id())
                    .setShard(0)
                    .setPrimaryKeys(MilvusFieldData.toIds(LongColumn.int64(write.keys())))
                    .build();
            return WalEntries.withTimestamp(WalEntries.deleteBody(body), write.timestamp());
        }
        Map<String, Column> columns = Map.of(
                "id", LongColumn.int64(write.keys()),
                "tag", LongColumn.int64(write.tags()),
                "vec", new FloatVectorColumn(DIMENSION, write.vectors()));
        InsertBody.Builder body = InsertBody.newBuilder()
                .setCollectionId(collection.id())
                .setPartitionId(write.partition())
                .setShard(0)
                .setNumRows(write.keys().length);
        for (FieldSchema field : SCHEMA.fields()) {
            body.addFields(MilvusFieldData.toFieldData(columns.get(field.name()), field));
        }
        return WalEntries.withTimestamp(WalEntries.insertBody(body.build()), write.timestamp());
    }

    private QueryNode startQueryNode(CollectionInfo collection) {
        QueryNode node = track(
                new QueryNode(log, store, catalog, new QueryNodeConfig(4_096, 64, Duration.ofMillis(20)), executor));
        node.loadShard(collection, 0);
        return node;
    }

    /** Counts at every snapshot, keys and tags of queries and searches at some, against the model. */
    private void check(
            QueryNode node, CollectionInfo collection, List<Write> writes, long from, long to, String context) {
        for (long snapshot = from - 1; snapshot <= to; snapshot++) {
            List<Row> expected = visibleAt(writes, snapshot);
            ShardQueryResult count = node.query(new ShardQueryRequest(
                    collection.id(), 0, List.of(), "", List.of(), -1, true, snapshot, snapshot, TIMEOUT));
            assertThat(count.count()).as("count at %d, %s", snapshot, context).isEqualTo(expected.size());
            if (random.nextInt(8) != 0) {
                continue;
            }
            ShardQueryResult rows = node.query(new ShardQueryRequest(
                    collection.id(), 0, List.of(), "tag >= 0", List.of("tag"), -1, false, snapshot, snapshot, TIMEOUT));
            assertThat(((LongColumn) rows.primaryKeys()).values())
                    .as("keys at %d, %s", snapshot, context)
                    .containsExactly(expected.stream().mapToLong(Row::key).toArray());
            assertThat(((LongColumn) rows.rows().column("tag")).values())
                    .as("tags at %d, %s", snapshot, context)
                    .containsExactly(expected.stream().mapToLong(Row::tag).toArray());
            checkSearch(node, collection, writes, snapshot, context);
        }
    }

    private void checkSearch(
            QueryNode node, CollectionInfo collection, List<Write> writes, long snapshot, String context) {
        float[] target = {1, 0, 0, 0};
        ShardSearchResult.Hits hits = node.search(new ShardSearchRequest(
                        collection.id(),
                        0,
                        List.of(),
                        "vec",
                        List.of(target),
                        KEYS,
                        MetricType.L2,
                        new SearchParams(64),
                        "",
                        snapshot,
                        snapshot,
                        List.of("tag"),
                        TIMEOUT))
                .perQuery()
                .getFirst();
        List<Long> hitKeys = Arrays.stream(((LongColumn) hits.primaryKeys()).values())
                .boxed()
                .sorted()
                .toList();
        assertThat(hitKeys)
                .as("search hits at %d, %s", snapshot, context)
                .containsExactlyElementsOf(
                        visibleAt(writes, snapshot).stream().map(Row::key).toList());
    }

    /** Per key, the newest write at or below {@code snapshot} (the later row of a request on ties), by key. */
    private static List<Row> visibleAt(List<Write> writes, long snapshot) {
        Map<Long, Row> latest = new HashMap<>();
        for (Write write : writes) { // stamped in timestamp order
            if (write.timestamp() > snapshot) {
                break;
            }
            for (int i = 0; i < write.keys().length; i++) {
                if (write.tags() == null) {
                    latest.remove(write.keys()[i]);
                } else {
                    latest.put(write.keys()[i], new Row(write.keys()[i], write.tags()[i]));
                }
            }
        }
        return latest.values().stream()
                .sorted(Comparator.comparingLong(Row::key))
                .toList();
    }

    private <T extends AutoCloseable> T track(T closeable) {
        closeables.add(closeable);
        return closeable;
    }
}
