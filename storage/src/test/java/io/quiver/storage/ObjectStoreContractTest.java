package io.quiver.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ObjectStore} backend must have. A backend's test extends this class and
 * returns a fresh, empty store from {@link #createStore()}.
 */
public abstract class ObjectStoreContractTest {
    private static final int LARGE_OBJECT_BYTES = 20 << 20;

    protected ObjectStore store;

    /** A new, empty store; closed after each test. */
    protected abstract ObjectStore createStore();

    @BeforeEach
    void openStore() {
        store = createStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void emptyObjectRoundTrips() {
        store.put("empty", new byte[0]);

        assertThat(store.getBytes("empty")).isEmpty();
        assertThat(store.stat("empty")).contains(new ObjectInfo("empty", 0));
    }

    @Test
    void smallObjectRoundTrips() {
        byte[] data = "hello, quiver".getBytes(UTF_8);

        store.put("dir/sub/hello.txt", data);

        assertThat(store.getBytes("dir/sub/hello.txt")).isEqualTo(data);
        assertThat(store.stat("dir/sub/hello.txt")).contains(new ObjectInfo("dir/sub/hello.txt", data.length));
    }

    @Test
    void keysMayHoldUnicodeSpacesAndDots() {
        String key = "dir/ünïcödé name/.hidden/a..b/日本.bin";

        store.put(key, new byte[] {1, 2, 3});

        assertThat(store.getBytes(key)).containsExactly(1, 2, 3);
        assertThat(store.list("dir/")).extracting(ObjectInfo::key).containsExactly(key);
    }

    @Test
    void largeObjectStreamsWithUnknownLength() throws IOException {
        Hasher written = Hashing.sha256().newHasher();

        store.put("large/object.bin", new PatternStream(LARGE_OBJECT_BYTES, 42, written), -1);

        HashCode expected = written.hash();
        assertThat(store.stat("large/object.bin")).contains(new ObjectInfo("large/object.bin", LARGE_OBJECT_BYTES));
        Hasher read = Hashing.sha256().newHasher();
        long total = 0;
        try (InputStream in = store.get("large/object.bin")) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                read.putBytes(buffer, 0, n);
                total += n;
            }
        }
        assertThat(total).isEqualTo(LARGE_OBJECT_BYTES);
        assertThat(read.hash()).isEqualTo(expected);
    }

    @Test
    void putReadsOnlyTheDeclaredLength() {
        store.put("prefix-only", new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 5, 6}), 4);

        assertThat(store.getBytes("prefix-only")).containsExactly(1, 2, 3, 4);
    }

    @Test
    void streamShorterThanDeclaredLengthStoresNothing() {
        assertThatThrownBy(() -> store.put("short", new ByteArrayInputStream(new byte[] {1, 2}), 10))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("short");
        assertThat(store.stat("short")).isEmpty();
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void overwriteReplacesTheWholeObject() {
        byte[] first = new byte[1000];
        Arrays.fill(first, (byte) 7);
        store.put("obj", first);

        store.put("obj", new byte[] {9, 8, 7});

        assertThat(store.getBytes("obj")).containsExactly(9, 8, 7);
        assertThat(store.stat("obj")).contains(new ObjectInfo("obj", 3));
        assertThat(store.list("")).containsExactly(new ObjectInfo("obj", 3));
    }

    @Test
    void rangedGetsReturnTheRequestedBytes() throws IOException {
        byte[] data = new byte[10_000];
        new SplittableRandom(7).nextBytes(data);
        store.put("ranged", data);

        assertThat(readRange("ranged", 0, 100)).isEqualTo(Arrays.copyOfRange(data, 0, 100));
        assertThat(readRange("ranged", 4_321, 1_234)).isEqualTo(Arrays.copyOfRange(data, 4_321, 5_555));
        assertThat(readRange("ranged", 9_990, 10)).isEqualTo(Arrays.copyOfRange(data, 9_990, 10_000));
        assertThat(readRange("ranged", 0, 10_000)).isEqualTo(data);
        assertThat(readRange("ranged", 500, 0)).isEmpty();
        assertThat(readRange("ranged", 10_000, 0)).isEmpty();
    }

    @Test
    void rangeOutsideTheObjectIsRejected() {
        store.put("ranged", new byte[100]);

        assertInvalid(() -> store.get("ranged", 90, 11), "ranged");
        assertInvalid(() -> store.get("ranged", 101, 0), "ranged");
        assertInvalid(() -> store.get("ranged", -1, 5), "ranged");
        assertInvalid(() -> store.get("ranged", 0, -5), "ranged");
    }

    @Test
    void listReturnsKeysWithThePrefixInOrder() {
        List<String> keys = List.of("a/bc/1", "b", "a/b/2", "a0", "a/bx", "a/b/1", "a/b/10/x", "a/c");
        for (int i = 0; i < keys.size(); i++) {
            store.put(keys.get(i), new byte[i]);
        }

        assertThat(store.list("a/b/"))
                .containsExactly(new ObjectInfo("a/b/1", 5), new ObjectInfo("a/b/10/x", 6), new ObjectInfo("a/b/2", 2));
        assertThat(store.list("a/b"))
                .extracting(ObjectInfo::key)
                .containsExactly("a/b/1", "a/b/10/x", "a/b/2", "a/bc/1", "a/bx");
        assertThat(store.list("a/b/1")).extracting(ObjectInfo::key).containsExactly("a/b/1", "a/b/10/x");
        assertThat(store.list("a"))
                .extracting(ObjectInfo::key)
                .containsExactly("a/b/1", "a/b/10/x", "a/b/2", "a/bc/1", "a/bx", "a/c", "a0");
        assertThat(store.list(""))
                .extracting(ObjectInfo::key)
                .containsExactlyElementsOf(keys.stream().sorted().toList());
        assertThat(store.list("a/z")).isEmpty();
        assertThat(store.list("zzz/")).isEmpty();
    }

    @Test
    void deleteRemovesOnlyThatObjectAndIsIdempotent() {
        store.put("d/one", new byte[] {1});
        store.put("d/two", new byte[] {2});
        store.put("e/three", new byte[] {3});

        store.delete("d/one");
        store.delete("e/three");
        store.delete("d/one");
        store.delete("never/existed");

        assertThat(store.stat("d/one")).isEmpty();
        assertThat(store.stat("e/three")).isEmpty();
        assertNotFound(() -> store.get("d/one"), "d/one");
        assertThat(store.list("")).containsExactly(new ObjectInfo("d/two", 1));
        assertThat(store.getBytes("d/two")).containsExactly(2);
    }

    @Test
    void deletedKeyCanBeWrittenAgain() {
        store.put("x/y/z", new byte[] {1});
        store.delete("x/y/z");

        store.put("x/y/z", new byte[] {2, 3});

        assertThat(store.getBytes("x/y/z")).containsExactly(2, 3);
    }

    @Test
    void missingObjectIsNotFound() {
        store.put("present/a", new byte[] {1});

        assertNotFound(() -> store.get("present/b"), "present/b");
        assertNotFound(() -> store.get("absent/a", 0, 1), "absent/a");
        assertNotFound(() -> store.getBytes("absent"), "absent");
        assertNotFound(() -> store.get("present"), "present");
        assertThat(store.stat("absent")).isEmpty();
        assertThat(store.stat("present")).isEmpty();
    }

    @Test
    void invalidKeysAreRejected() {
        List<String> invalid = List.of("", "/a", "a/", "a//b", "../a", "a/../b", "a/./b", "..", "nul\0key");
        for (String key : invalid) {
            assertInvalid(() -> store.put(key, new byte[] {1}), key);
            assertInvalid(() -> store.get(key), key);
            assertInvalid(() -> store.get(key, 0, 1), key);
            assertInvalid(() -> store.stat(key), key);
            assertInvalid(() -> store.delete(key), key);
        }
        String tooLong = "k".repeat(ObjectKeys.MAX_LENGTH_BYTES + 1);
        assertInvalid(() -> store.put(tooLong, new byte[] {1}), "1025 bytes");
        String twoByteChars = "é".repeat(ObjectKeys.MAX_LENGTH_BYTES / 2 + 1);
        assertInvalid(() -> store.put(twoByteChars, new byte[] {1}), "1026 bytes");
        assertInvalid(() -> store.list("../"), "..");
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void readersSeeWholeVersionsDuringOverwrites() throws Exception {
        store.put("contended", version(0));
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            Future<?> writer = executor.submit(() -> {
                for (int v = 1; v <= 40; v++) {
                    store.put("contended", version(v));
                }
            });
            Future<Integer> reader = executor.submit(() -> {
                int reads = 0;
                while (!writer.isDone() || reads == 0) {
                    byte[] bytes = store.getBytes("contended");
                    int v = bytes[0];
                    assertThat(bytes).as("version %d", v).isEqualTo(version(v));
                    reads++;
                }
                return reads;
            });
            writer.get(30, TimeUnit.SECONDS);
            assertThat(reader.get(30, TimeUnit.SECONDS)).isPositive();
        } finally {
            executor.shutdownNow();
        }
        assertThat(store.getBytes("contended")).isEqualTo(version(40));
    }

    /** Version {@code v} of an object: {@code 1000 + 37 v} bytes, all equal to {@code v}. */
    private static byte[] version(int v) {
        byte[] bytes = new byte[1000 + 37 * v];
        Arrays.fill(bytes, (byte) v);
        return bytes;
    }

    private byte[] readRange(String key, long offset, long length) throws IOException {
        try (InputStream in = store.get(key, offset, length)) {
            return in.readAllBytes();
        }
    }

    protected static void assertNotFound(Runnable call, String key) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(QuiverException.class, hasCode(ErrorCode.NOT_FOUND))
                .hasMessageContaining("'" + key + "'");
    }

    protected static void assertInvalid(Runnable call, String messagePart) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(QuiverException.class, hasCode(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining(messagePart);
    }

    private static Consumer<QuiverException> hasCode(ErrorCode code) {
        return e -> assertThat(e.code()).isEqualTo(code);
    }

    /** A stream of seeded pseudo-random bytes that does not know its length, hashing what it hands out. */
    private static final class PatternStream extends InputStream {
        private final SplittableRandom random;
        private final Hasher hasher;
        private long remaining;

        PatternStream(long length, long seed, Hasher hasher) {
            this.random = new SplittableRandom(seed);
            this.hasher = hasher;
            this.remaining = length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            // odd-sized reads exercise the store's buffering
            int n = (int) Math.min(remaining, Math.min(length, 7_777));
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = (byte) random.nextInt(256);
            }
            hasher.putBytes(buffer, offset, n);
            remaining -= n;
            return n;
        }
    }
}
