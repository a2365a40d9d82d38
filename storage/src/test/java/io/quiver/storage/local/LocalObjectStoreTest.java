package io.quiver.storage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.storage.ObjectInfo;
import io.quiver.storage.ObjectStore;
import io.quiver.storage.ObjectStoreContractTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest extends ObjectStoreContractTest {
    @TempDir
    Path root;

    @Override
    protected ObjectStore createStore() {
        return new LocalObjectStore(root.resolve("store"));
    }

    @Test
    void objectsAreFilesUnderTheRoot() throws IOException {
        store.put("a/b/c.bin", new byte[] {1, 2});

        assertThat(Files.readAllBytes(root.resolve("store/a/b/c.bin"))).containsExactly(1, 2);
        assertThat(tempFiles()).isZero();
    }

    @Test
    void crashedPutIsInvisible() throws IOException {
        store.put("seg/1/data", new byte[] {1});
        Path directory = root.resolve("store/seg/1");
        Files.write(directory.resolve(LocalObjectStore.TEMP_PREFIX + "crashed"), new byte[] {6, 6, 6});
        Files.createDirectories(root.resolve("store/seg/2"));
        Files.write(root.resolve("store/seg/2").resolve(LocalObjectStore.TEMP_PREFIX + "x"), new byte[] {6});

        assertThat(store.list("")).containsExactly(new ObjectInfo("seg/1/data", 1));
        assertThat(store.list("seg/2/")).isEmpty();
        assertThat(store.getBytes("seg/1/data")).containsExactly(1);
        assertInvalid(() -> store.get("seg/1/" + LocalObjectStore.TEMP_PREFIX + "crashed"), "seg/1/.quiver-tmp-");
        assertInvalid(() -> store.stat("seg/2/" + LocalObjectStore.TEMP_PREFIX + "x"), "seg/2/.quiver-tmp-");

        store.put("seg/1/data", new byte[] {2});
        assertThat(store.getBytes("seg/1/data")).containsExactly(2);
    }

    @Test
    void deleteRemovesEmptyParentDirectories() {
        store.put("p/q/r/one", new byte[] {1});
        store.put("p/two", new byte[] {2});

        store.delete("p/q/r/one");

        assertThat(root.resolve("store/p/q")).doesNotExist();
        assertThat(root.resolve("store/p/two")).exists();
        store.delete("p/two");
        assertThat(root.resolve("store/p")).doesNotExist();
        assertThat(root.resolve("store")).isDirectory();
    }

    @Test
    void keyCannotBeBothAnObjectAndAPrefix() {
        store.put("a/b", new byte[] {1});
        store.put("c/d/e", new byte[] {2});

        assertThatThrownBy(() -> store.put("a/b/c", new byte[] {3}))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("'a/b/c'");
        assertThatThrownBy(() -> store.put("c/d", new byte[] {3}))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("'c/d'");
        assertThat(store.stat("a/b/c")).isEmpty();
        assertThat(store.list("")).extracting(ObjectInfo::key).containsExactly("a/b", "c/d/e");
    }

    @Test
    void segmentLongerThanAFileNameIsRejected() {
        assertInvalid(() -> store.put("dir/" + "x".repeat(256), new byte[] {1}), "256 bytes");
    }

    @Test
    void closedStoreRejectsCalls() {
        store.close();

        assertThatThrownBy(() -> store.stat("a"))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("closed");
    }

    @Test
    void putsSurviveConcurrentDeletesOfSiblings() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (String name : List.of("one", "two")) {
                tasks.add(executor.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        String key = "race/dir/" + name;
                        store.put(key, new byte[] {(byte) i});
                        assertThat(store.getBytes(key)).containsExactly((byte) i);
                        store.delete(key);
                    }
                }));
            }
            for (Future<?> task : tasks) {
                task.get(30, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }
        assertThat(store.list("")).isEmpty();
        assertThat(root.resolve("store/race")).doesNotExist();
    }

    private long tempFiles() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().startsWith(LocalObjectStore.TEMP_PREFIX))
                    .count();
        }
    }
}
