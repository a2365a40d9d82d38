package io.quiver.storage.s3;

import io.minio.Http;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * The HTTP client of one {@link S3ObjectStore}: the MinIO SDK's defaults (HTTP/1.1, retry of 5xx and
 * throttling responses with backoff) with the configured timeout, up to {@value #MAX_REQUESTS} requests at
 * once, and daemon threads named after the bucket. Built here rather than by the SDK, which loads the JDK's
 * trust store again for every client (about a second on a busy machine). Closing the MinIO client shuts the
 * threads down.
 */
final class S3HttpClient {
    static final int MAX_REQUESTS = 64;

    private S3HttpClient() {}

    static OkHttpClient create(S3ObjectStoreConfig config) {
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "s3-" + config.bucket() + "-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        Dispatcher dispatcher = new Dispatcher(
                new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), factory));
        dispatcher.setMaxRequests(MAX_REQUESTS);
        dispatcher.setMaxRequestsPerHost(MAX_REQUESTS);
        return new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectTimeout(config.timeout())
                .readTimeout(config.timeout())
                .writeTimeout(config.timeout())
                .protocols(List.of(Protocol.HTTP_1_1))
                .addInterceptor(new Http.StatusRetryInterceptor())
                .build();
    }
}
