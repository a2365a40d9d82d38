package io.quiver.it.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.Hashing;
import io.minio.BucketExistsArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.messages.Item;
import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.it.services.S3ProxyServer;
import io.quiver.storage.ObjectInfo;
import io.quiver.storage.ObjectStore;
import io.quiver.storage.ObjectStoreContractTest;
import io.quiver.storage.s3.S3ObjectStore;
import io.quiver.storage.s3.S3ObjectStoreConfig;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link S3ObjectStore} against a real S3 server (S3Proxy, on disk, as a child process): the
 * {@link ObjectStoreContractTest} in a fresh bucket per test, then what only S3 has: multipart uploads, list
 * pagination, bucket creation by several stores, key prefixes, and a server that goes down and comes back.
 */
class S3ObjectStoreIT extends ObjectStoreContractTest {
    private static final long SEED = Long.getLong("quiver.test.seed", System.nanoTime());
    private static final int PART_SIZE = 5 << 20;
    private static final int LARGE_BYTES = 24 << 20;
    private static final Duration OUTAGE_BOUND = Duration.ofSeconds(10);
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private static S3ProxyServer server;
    /** A plain MinIO client, to look at the bucket behind the store's back. */
    private static MinioClient raw;

    private final List<ObjectStore> opened = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        System.out.println("S3ObjectStoreIT seed " + SEED + " (rerun with -Dquiver.test.seed=" + SEED + ")");
        server = S3ProxyServer.launch();
        raw = MinioClient.builder()
                .endpoint(server.endpoint().toString())
                .region(S3ObjectStoreConfig.DEFAULT_REGION)
                .credentials(server.accessKey(), server.secretKey())
                .build();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (raw != null) {
            raw.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeOpenedStores() {
        opened.forEach(ObjectStore::close);
    }

    @Override
    protected ObjectStore createStore() {
        return S3ObjectStore.open(config(server, freshBucket()).withPartSizeBytes(PART_SIZE));
    }

    @Test
    void largePutOfUnknownLengthIsAMultipartUploadReadBackByteIdentical() throws Exception {
        byte[] data = randomBytes(LARGE_BYTES, SEED);

        store.put("large/unknown.bin", new UnknownLengthStream(data), -1);

        assertThat(store.stat("large/unknown.bin")).contains(new ObjectInfo("large/unknown.bin", LARGE_BYTES));
        try (InputStream in = store.get("large/unknown.bin")) {
            assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(data));
        }
        // a multipart upload's ETag ends in -<number of parts>: 24 MiB in 5 MiB parts
        assertThat(etag("large/unknown.bin")).endsWith("-5");
    }

    @Test
    void largePutOfKnownLengthIsAMultipartUpload() throws Exception {
        byte[] data = randomBytes(LARGE_BYTES, SEED + 1);

        store.put("large/known.bin", new UnknownLengthStream(data), LARGE_BYTES);

        assertThat(sha256(store.getBytes("large/known.bin"))).isEqualTo(sha256(data));
        assertThat(etag("large/known.bin")).endsWith("-5");
    }

    @Test
    void rangedGetsAtTheStartMiddleAndEndOfAMultipartObject() throws IOException {
        byte[] data = randomBytes(LARGE_BYTES, SEED + 2);
        store.put("ranged/large.bin", new UnknownLengthStream(data), -1);

        int[][] ranges = {
            {0, 1}, {0, 4096}, {PART_SIZE - 100, 200}, {LARGE_BYTES / 2 - 3, 1 << 20},
            {3 * PART_SIZE, PART_SIZE}, {LARGE_BYTES - 777, 777}, {LARGE_BYTES - 1, 1}, {LARGE_BYTES, 0}
        };
        for (int[] range : ranges) {
            try (InputStream in = store.get("ranged/large.bin", range[0], range[1])) {
                assertThat(in.readAllBytes())
                        .as("range [%d, +%d)", range[0], range[1])
                        .isEqualTo(Arrays.copyOfRange(data, range[0], range[0] + range[1]));
            }
        }
        assertThatThrownBy(() -> store.get("ranged/large.bin", LARGE_BYTES - 10, 11))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("of " + LARGE_BYTES + " bytes");
    }

    @Test
    void listPagesThroughMoreThanAThousandKeysInOrder() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1_234; i++) {
            // unpadded numbers and a sub-prefix, so key order differs from numeric and insertion order
            keys.add(i % 10 == 0 ? "many/sub/" + i : "many/" + i);
        }
        List<String> shuffled = new ArrayList<>(keys);
        Collections.shuffle(shuffled, new Random(SEED));
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (String key : shuffled) {
                puts.add(executor.submit(() -> store.put(key, new byte[sizeOf(key)])));
            }
            for (Future<?> put : puts) {
                put.get(60, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }
        store.put("other/outside", new byte[1]);

        List<ObjectInfo> expected = keys.stream()
                .sorted()
                .map(key -> new ObjectInfo(key, sizeOf(key)))
                .toList();
        assertThat(store.list("many/")).containsExactlyElementsOf(expected);
        assertThat(store.list("many/sub/")).hasSize(124).allMatch(o -> o.key().startsWith("many/sub/"));
        assertThat(store.list("")).hasSize(1_235).last().isEqualTo(new ObjectInfo("other/outside", 1));
    }

    @Test
    void firstOpenCreatesTheBucketAndASecondStoreSharesIt() throws Exception {
        String bucket = freshBucket();
        assertThat(raw.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()))
                .isFalse();

        ObjectStore first = track(S3ObjectStore.open(config(server, bucket)));

        assertThat(raw.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()))
                .isTrue();
        first.put("shared/one", new byte[] {1});
        ObjectStore second = track(S3ObjectStore.open(config(server, bucket)));
        assertThat(second.getBytes("shared/one")).containsExactly(1);
        second.put("shared/two", new byte[] {2});
        assertThat(first.list("shared/")).extracting(ObjectInfo::key).containsExactly("shared/one", "shared/two");
    }

    @Test
    void storesRacingToCreateTheSameBucketAllSucceed() throws Exception {
        String bucket = freshBucket();
        int racers = 4;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService executor = Executors.newFixedThreadPool(racers);
        try {
            List<Future<ObjectStore>> opens = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                opens.add(executor.submit(() -> {
                    go.await();
                    return S3ObjectStore.open(config(server, bucket));
                }));
            }
            go.countDown();
            for (int i = 0; i < racers; i++) {
                track(opens.get(i).get(30, TimeUnit.SECONDS)).put("racer/" + i, new byte[] {(byte) i});
            }
        } finally {
            executor.shutdownNow();
        }
        assertThat(opened.getFirst().list("racer/"))
                .extracting(ObjectInfo::key)
                .containsExactly("racer/0", "racer/1", "racer/2", "racer/3");
    }

    @Test
    void keyPrefixesKeepStoresApartInOneBucket() throws Exception {
        String bucket = freshBucket();
        ObjectStore tenantA = track(S3ObjectStore.open(config(server, bucket).withKeyPrefix("tenant-a")));
        ObjectStore tenantB = track(S3ObjectStore.open(config(server, bucket).withKeyPrefix("tenant-b/objects")));

        tenantA.put("seg/1", new byte[] {1});
        tenantB.put("seg/2", new byte[] {2, 2});

        assertThat(tenantA.list("")).containsExactly(new ObjectInfo("seg/1", 1));
        assertThat(tenantB.list("seg/")).containsExactly(new ObjectInfo("seg/2", 2));
        assertNotFound(() -> tenantA.get("seg/2"), "seg/2");
        assertThat(tenantB.stat("seg/1")).isEmpty();
        assertThat(rawKeys(bucket)).containsExactly("tenant-a/seg/1", "tenant-b/objects/seg/2");
    }

    @Test
    void wrongCredentialsFailWithoutRetryNamingTheBucket() {
        S3ObjectStoreConfig config = config(server, freshBucket()).withCredentials(server.accessKey(), "wrong");

        assertThatThrownBy(() -> S3ObjectStore.open(config))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessageContaining("bucket '" + config.bucket() + "' at " + server.endpoint())
                .hasMessageContaining("check the access key and secret key");
    }

    @Test
    void operationsFailRetriablyWhileTheServerIsDownAndWorkAfterItRestarts() {
        try (S3ProxyServer own = S3ProxyServer.launch()) {
            S3ObjectStoreConfig config = config(own, freshBucket()).withTimeout(Duration.ofSeconds(2));
            ObjectStore outage = track(S3ObjectStore.open(config));
            outage.put("kept/one", new byte[] {1, 2, 3});

            own.kill();
            assertEveryOperationUnavailable(outage, config);
            own.start();

            assertThat(outage.getBytes("kept/one")).containsExactly(1, 2, 3);
            outage.put("kept/two", new byte[] {4});

            own.stop();
            assertEveryOperationUnavailable(outage, config);
            own.start();

            ObjectStore reopened = track(S3ObjectStore.open(config));
            assertThat(reopened.list("kept/"))
                    .containsExactly(new ObjectInfo("kept/one", 3), new ObjectInfo("kept/two", 1));
            assertThat(outage.getBytes("kept/two")).containsExactly(4);
        }
    }

    private void assertEveryOperationUnavailable(ObjectStore down, S3ObjectStoreConfig config) {
        assertUnavailable(() -> down.put("new/object", new byte[] {1}), config);
        assertUnavailable(() -> down.put("new/unknown", new UnknownLengthStream(new byte[100]), -1), config);
        assertUnavailable(() -> down.get("kept/one"), config);
        assertUnavailable(() -> down.get("kept/one", 1, 1), config);
        assertUnavailable(() -> down.list("kept/"), config);
        assertUnavailable(() -> down.stat("kept/one"), config);
        assertUnavailable(() -> down.delete("kept/one"), config);
        assertUnavailable(() -> S3ObjectStore.open(config).close(), config);
    }

    private static void assertUnavailable(Runnable call, S3ObjectStoreConfig config) {
        long start = System.nanoTime();
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(QuiverException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.code().retriable()).isTrue();
                })
                .hasMessageContaining("bucket '" + config.bucket() + "' at " + config.endpoint());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(OUTAGE_BOUND);
    }

    private ObjectStore track(ObjectStore store) {
        opened.add(store);
        return store;
    }

    private static S3ObjectStoreConfig config(S3ProxyServer on, String bucket) {
        return S3ObjectStoreConfig.defaults(on.endpoint(), bucket)
                .withCredentials(on.accessKey(), on.secretKey())
                .withPartSizeBytes(PART_SIZE);
    }

    private static String freshBucket() {
        return "it-" + BUCKETS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
    }

    /** The ETag the server keeps for an object of the contract test's store (its bucket is the store's). */
    private String etag(String key) throws Exception {
        String bucket = ((S3ObjectStore) store).config().bucket();
        return raw.statObject(
                        StatObjectArgs.builder().bucket(bucket).object(key).build())
                .etag();
    }

    private static List<String> rawKeys(String bucket) throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> item : raw.listObjects(
                ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            keys.add(item.get().objectName());
        }
        return keys;
    }

    private static int sizeOf(String key) {
        return key.length() % 7;
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static String sha256(byte[] data) {
        return Hashing.sha256().hashBytes(data).toString();
    }

    /** Hands out {@code data} in odd-sized reads and never tells its length. */
    private static final class UnknownLengthStream extends InputStream {
        private final byte[] data;
        private int position;

        UnknownLengthStream(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() {
            return position < data.length ? data[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (position == data.length) {
                return -1;
            }
            int n = Math.min(Math.min(length, 9_973), data.length - position);
            System.arraycopy(data, position, buffer, offset, n);
            position += n;
            return n;
        }
    }
}
