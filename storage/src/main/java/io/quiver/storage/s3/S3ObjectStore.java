package io.quiver.storage.s3;

import static java.util.Objects.requireNonNull;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.storage.ObjectInfo;
import io.quiver.storage.ObjectKeys;
import io.quiver.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ObjectStore} in an S3 bucket, through the MinIO Java SDK; works with AWS S3, MinIO and other
 * S3-compatible servers. The object {@code k} is the S3 object {@code keyPrefix/k} (or {@code k} without a
 * prefix), so several stores can share a bucket.
 *
 * <p>{@link #open} creates the bucket if it is missing; that is idempotent and safe when several processes
 * open the same bucket at once. A put of known length up to the part size is one request; a larger one, or
 * one of unknown length ({@code -1}), is a multipart upload that reads and sends one part at a time, so it
 * holds at most one part in memory (an upload of unknown length can hold {@value #MAX_PARTS} parts). S3 makes
 * each put atomic: readers see the whole old object or the whole new one; a failed multipart upload is
 * aborted and leaves no object. Ranged gets are HTTP range requests. List pages through the bucket (1,000
 * keys a request) and returns keys in {@link String#compareTo} order, like {@code LocalObjectStore} (the same
 * as S3's UTF-8 byte order for keys below U+D800). Keys ending in {@code /} (directory markers written by
 * other tools) are not objects and are skipped.
 *
 * <p>Errors: a missing object is {@link ErrorCode#NOT_FOUND} naming the key; an unreachable or failing
 * server is {@link ErrorCode#UNAVAILABLE} (retriable) naming the endpoint and bucket, after the configured
 * timeout at most per connection attempt, read or write; rejected credentials are {@link ErrorCode#INTERNAL}.
 * The store is safe for concurrent use.
 */
public final class S3ObjectStore implements ObjectStore {
    /** The most parts a multipart upload may have (an S3 limit). */
    static final int MAX_PARTS = 10_000;
    /** The largest object S3 stores (5 TiB). */
    static final long MAX_OBJECT_BYTES = 5L << 40;

    private static final Logger log = LoggerFactory.getLogger(S3ObjectStore.class);
    private static final Set<String> BUCKET_ALREADY_THERE = Set.of("BucketAlreadyOwnedByYou", "BucketAlreadyExists");
    private static final long MIB = 1L << 20;

    private final S3ObjectStoreConfig config;
    private final MinioClient client;
    private final S3Errors errors;
    private final String namePrefix;
    private volatile boolean closed;

    private S3ObjectStore(S3ObjectStoreConfig config, MinioClient client) {
        this.config = config;
        this.client = client;
        this.errors = new S3Errors(config.endpoint(), config.bucket());
        this.namePrefix = config.keyPrefix().isEmpty() ? "" : config.keyPrefix() + "/";
    }

    /** Opens the store with credentials from the config or else from the process environment. */
    public static S3ObjectStore open(S3ObjectStoreConfig config) {
        return open(config, System.getenv());
    }

    /**
     * Opens the store, taking missing credentials from {@code environment}, and creates the bucket if it does
     * not exist. Fails with {@link ErrorCode#UNAVAILABLE} if the server cannot be reached.
     */
    public static S3ObjectStore open(S3ObjectStoreConfig config, Map<String, String> environment) {
        requireNonNull(config, "config");
        S3ObjectStoreConfig.Credentials credentials = config.credentials(environment);
        MinioClient client;
        try {
            client = MinioClient.builder()
                    .endpoint(config.endpoint().toString())
                    .region(config.region())
                    .credentials(credentials.accessKey(), credentials.secretKey())
                    .httpClient(S3HttpClient.create(config), true)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new QuiverException(
                    ErrorCode.INVALID_ARGUMENT,
                    "invalid S3 endpoint " + config.endpoint() + " for bucket '" + config.bucket() + "': "
                            + e.getMessage(),
                    e);
        }
        S3ObjectStore store = new S3ObjectStore(config, client);
        try {
            store.createBucketIfMissing();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        log.info(
                "opened S3 object store: bucket '{}' at {}, key prefix '{}'",
                config.bucket(),
                config.endpoint(),
                config.keyPrefix());
        return store;
    }

    public S3ObjectStoreConfig config() {
        return config;
    }

    @Override
    public void put(String key, InputStream data, long length) {
        String name = objectName(key);
        requireNonNull(data, "data");
        QuiverException.check(length >= -1, "object '%s': length %d is negative (use -1 for unknown)", key, length);
        QuiverException.check(
                length <= MAX_OBJECT_BYTES,
                "object '%s' of %d bytes exceeds S3's limit of %d bytes",
                key,
                length,
                MAX_OBJECT_BYTES);
        long partSize = partSizeFor(length);
        PutSource source = new PutSource(data, length, MAX_PARTS * partSize);
        try {
            client.putObject(
                    PutObjectArgs.builder().bucket(config.bucket()).object(name).stream(source, length, partSize)
                            .build());
        } catch (MinioException | RuntimeException e) {
            QuiverException dataFailure = source.failure(key, partSize);
            throw dataFailure != null ? dataFailure : errors.translate("write object '" + key + "'", e);
        }
    }

    @Override
    public InputStream get(String key) {
        String name = objectName(key);
        try {
            return client.getObject(
                    GetObjectArgs.builder().bucket(config.bucket()).object(name).build());
        } catch (MinioException | RuntimeException e) {
            throw errors.translate("read object '" + key + "'", e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code offset} and {@code length} must be non-negative and {@code offset + length} at most the
     * object's size; otherwise the error is {@link ErrorCode#INVALID_ARGUMENT}.
     */
    @Override
    public InputStream get(String key, long offset, long length) {
        String name = objectName(key);
        QuiverException.check(
                offset >= 0 && length >= 0,
                "range [%d, %d + %d) of object '%s' has a negative offset or length",
                offset,
                offset,
                length,
                key);
        if (length == 0) {
            long size = stat(key).orElseThrow(() -> notFound(key)).size();
            checkRange(key, offset, length, size);
            return InputStream.nullInputStream();
        }
        GetObjectResponse response;
        try {
            response = client.getObject(GetObjectArgs.builder()
                    .bucket(config.bucket())
                    .object(name)
                    .offset(offset)
                    .length(length)
                    .build());
        } catch (MinioException | RuntimeException e) {
            if (S3Errors.INVALID_RANGE.equals(S3Errors.errorCode(e))) {
                // the range starts at or after the end; say by how much
                long size = stat(key).orElseThrow(() -> notFound(key)).size();
                checkRange(key, offset, length, size);
            }
            throw errors.translate("read object '" + key + "'", e);
        }
        try {
            checkRange(key, offset, length, totalSize(key, response));
        } catch (RuntimeException e) {
            closeQuietly(response);
            throw e;
        }
        return response;
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        ObjectKeys.validatePrefix(prefix);
        checkOpen();
        String namesPrefix = namePrefix + prefix;
        ListObjectsArgs.Builder args =
                ListObjectsArgs.builder().bucket(config.bucket()).recursive(true);
        if (!namesPrefix.isEmpty()) {
            args.prefix(namesPrefix);
        }
        List<ObjectInfo> objects = new ArrayList<>();
        try {
            for (Result<Item> result : client.listObjects(args.build())) {
                Item item = result.get();
                String name = item.objectName();
                if (!item.isDir() && !name.endsWith("/") && name.startsWith(namesPrefix)) {
                    objects.add(new ObjectInfo(name.substring(namePrefix.length()), item.size()));
                }
            }
        } catch (MinioException | RuntimeException e) {
            throw errors.translate("list objects with prefix '" + prefix + "'", e);
        }
        objects.sort(Comparator.comparing(ObjectInfo::key));
        return objects;
    }

    @Override
    public void delete(String key) {
        String name = objectName(key);
        try {
            client.removeObject(RemoveObjectArgs.builder()
                    .bucket(config.bucket())
                    .object(name)
                    .build());
        } catch (MinioException | RuntimeException e) {
            if (!S3Errors.NO_SUCH_KEY.equals(S3Errors.errorCode(e))) {
                throw errors.translate("delete object '" + key + "'", e);
            }
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        String name = objectName(key);
        try {
            StatObjectResponse response = client.statObject(StatObjectArgs.builder()
                    .bucket(config.bucket())
                    .object(name)
                    .build());
            return Optional.of(new ObjectInfo(key, response.size()));
        } catch (MinioException | RuntimeException e) {
            if (S3Errors.NO_SUCH_KEY.equals(S3Errors.errorCode(e))) {
                return Optional.empty();
            }
            throw errors.translate("stat object '" + key + "'", e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            client.close();
        } catch (Exception e) {
            log.warn("closing the S3 client of bucket '{}' at {} failed", config.bucket(), config.endpoint(), e);
        }
    }

    @Override
    public String toString() {
        return "S3ObjectStore[" + config.endpoint() + ", bucket=" + config.bucket() + ", keyPrefix='"
                + config.keyPrefix() + "']";
    }

    private void createBucketIfMissing() {
        if (bucketExists()) {
            return;
        }
        try {
            client.makeBucket(MakeBucketArgs.builder().bucket(config.bucket()).build());
            log.info("created S3 bucket '{}' at {}", config.bucket(), config.endpoint());
        } catch (MinioException | RuntimeException e) {
            String code = S3Errors.errorCode(e);
            // another process may have created it since we looked: fine if we can use it
            if (code == null || !BUCKET_ALREADY_THERE.contains(code) || !bucketExists()) {
                throw errors.translate("create the bucket", e);
            }
        }
    }

    private boolean bucketExists() {
        try {
            return client.bucketExists(
                    BucketExistsArgs.builder().bucket(config.bucket()).build());
        } catch (MinioException | RuntimeException e) {
            throw errors.translate("check whether the bucket exists", e);
        }
    }

    /** The S3 object name of a key, after checking the key and that the store is open. */
    private String objectName(String key) {
        ObjectKeys.validate(key);
        checkOpen();
        String name = namePrefix + key;
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        QuiverException.check(
                bytes <= ObjectKeys.MAX_LENGTH_BYTES,
                "invalid object key '%s': with the store's key prefix '%s' it is %d bytes of UTF-8; the limit is %d",
                key,
                namePrefix,
                bytes,
                ObjectKeys.MAX_LENGTH_BYTES);
        return name;
    }

    /** The configured part size, or the smallest whole MiB that fits a known length into {@value #MAX_PARTS} parts. */
    private long partSizeFor(long length) {
        if (length < 0) {
            return config.partSizeBytes();
        }
        long perPart = (length + MAX_PARTS - 1) / MAX_PARTS;
        long wholeMib = (perPart + MIB - 1) / MIB * MIB;
        return Math.max(config.partSizeBytes(), wholeMib);
    }

    private void checkOpen() {
        if (closed) {
            throw new QuiverException(ErrorCode.UNAVAILABLE, "object store " + this + " is closed");
        }
    }

    /** The object's size from the {@code Content-Range: bytes first-last/size} header of a ranged response. */
    private long totalSize(String key, GetObjectResponse response) {
        String contentRange = response.headers().get("Content-Range");
        int slash = contentRange == null ? -1 : contentRange.lastIndexOf('/');
        try {
            if (slash >= 0) {
                return Long.parseLong(contentRange.substring(slash + 1).trim());
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw errors.failure(
                ErrorCode.INTERNAL,
                "read a range of object '" + key + "'",
                "the server answered without a usable Content-Range header (" + contentRange + ")",
                null);
    }

    private static void checkRange(String key, long offset, long length, long size) {
        if (offset > size || length > size - offset) {
            throw QuiverException.invalid(
                    "range [%d, %d + %d) is outside object '%s' of %d bytes", offset, offset, length, key, size);
        }
    }

    private static QuiverException notFound(String key) {
        return new QuiverException(ErrorCode.NOT_FOUND, "object '" + key + "' does not exist");
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing was handed out
        }
    }
}
