package io.quiver.storage.local;

import io.quiver.storage.ObjectInfo;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/** Collects the objects under a directory whose keys start with a prefix, skipping temporary files. */
final class ObjectCollector extends SimpleFileVisitor<Path> {
    private final Path root;
    private final String prefix;
    private final List<ObjectInfo> objects;

    ObjectCollector(Path root, String prefix, List<ObjectInfo> objects) {
        this.root = root;
        this.prefix = prefix;
        this.objects = objects;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
        if (directory.equals(root)) {
            return FileVisitResult.CONTINUE;
        }
        String key = keyOf(directory) + "/";
        // descend only into directories that can hold matching keys
        boolean relevant = key.startsWith(prefix) || prefix.startsWith(key);
        return relevant ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
        if (attributes.isRegularFile() && !file.getFileName().toString().startsWith(LocalObjectStore.TEMP_PREFIX)) {
            String key = keyOf(file);
            if (key.startsWith(prefix)) {
                objects.add(new ObjectInfo(key, attributes.size()));
            }
        }
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE; // deleted while we walked
        }
        throw e;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
        if (e != null && !(e instanceof NoSuchFileException)) {
            throw e;
        }
        return FileVisitResult.CONTINUE;
    }

    private String keyOf(Path path) {
        return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
    }
}
