package io.quiver.common.meta.etcd;

import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import io.quiver.common.meta.Watch;
import io.quiver.common.meta.WatchEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch of an {@link EtcdMetaStore}. jetcd's callbacks only queue what they get; the watch's own named
 * thread takes it in order, calls the listener, and owns the etcd watch stream: when the stream breaks it
 * opens a new one from the last delivered revision + 1 (it does not use jetcd's own resume, which can restart
 * from a later revision than the last one delivered). Each stream is a numbered generation; anything queued by
 * an older generation is dropped, and so is any event at or below the last delivered revision, so every change
 * is delivered once. etcd sends all the events of one revision in one response, so a revision is never split.
 */
final class EtcdWatch implements Watch {
    static final long MAX_BACKOFF_MILLIS = 2_000;

    private static final Logger log = LoggerFactory.getLogger(EtcdWatch.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final long FIRST_BACKOFF_MILLIS = 100;

    /** What jetcd's callbacks hand to the watch thread; {@code generation} names the stream it came from. */
    private sealed interface Signal {
        long generation();
    }

    private record Events(long generation, List<WatchEvent> events) implements Signal {}

    /** etcd has sent every change up to {@code revision}. */
    private record Progress(long generation, long revision) implements Signal {}

    private record Broken(long generation, Throwable cause) implements Signal {}

    private record Compacted(long generation, long compactRevision) implements Signal {}

    private record Stop(long generation) implements Signal {}

    private final String name;
    private final io.etcd.jetcd.Watch client;
    private final EtcdKeys keys;
    private final String prefix;
    private final Consumer<WatchEvent> listener;
    private final Consumer<EtcdWatch> onClose;
    private final BlockingQueue<Signal> queue = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private Thread thread;

    // owned by the watch thread
    private long delivered;
    private long generation;
    private io.etcd.jetcd.Watch.Watcher stream;
    private StreamListener streamListener;

    private EtcdWatch(
            String name,
            io.etcd.jetcd.Watch client,
            EtcdKeys keys,
            String prefix,
            long fromRevision,
            Consumer<WatchEvent> listener,
            Consumer<EtcdWatch> onClose) {
        this.name = name;
        this.client = client;
        this.keys = keys;
        this.prefix = prefix;
        this.delivered = fromRevision;
        this.listener = listener;
        this.onClose = onClose;
    }

    /**
     * Starts a watch that delivers every change under {@code prefix} after {@code fromRevision}; {@code onClose}
     * is called once when it is closed.
     */
    static EtcdWatch start(
            String name,
            io.etcd.jetcd.Watch client,
            EtcdKeys keys,
            String prefix,
            long fromRevision,
            Consumer<WatchEvent> listener,
            Consumer<EtcdWatch> onClose) {
        EtcdWatch watch = new EtcdWatch(name, client, keys, prefix, fromRevision, listener, onClose);
        watch.openStream();
        watch.thread = Thread.ofPlatform().name(name).daemon().start(watch::run);
        return watch;
    }

    /**
     * Stops delivery: no listener call starts after this returns. Waits (up to 5 s) for a call in progress,
     * unless called from the listener itself.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        onClose.accept(this);
        queue.add(new Stop(-1));
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            if (!thread.join(CLOSE_WAIT)) {
                log.warn(
                        "etcd watch {} on prefix '{}': listener still running {} after close",
                        name,
                        prefix,
                        CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        int failures = 0;
        try {
            while (!closed) {
                Signal signal = queue.take();
                if (closed || signal instanceof Stop) {
                    return;
                }
                if (signal.generation() != generation) {
                    continue;
                }
                switch (signal) {
                    case Events events -> {
                        failures = 0;
                        deliver(events.events());
                    }
                    case Progress progress -> delivered = Math.max(delivered, progress.revision());
                    case Broken broken -> {
                        failures++;
                        reportBroken(broken.cause(), failures);
                        closeStream();
                        if (pause(backoffMillis(failures))) {
                            openStream();
                        }
                    }
                    case Compacted compacted -> {
                        endCompacted(compacted.compactRevision());
                        return;
                    }
                    case Stop ignored -> {
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeStream();
        }
    }

    /** Opens a stream from the revision after the last delivered one, as the next generation. */
    private void openStream() {
        generation++;
        streamListener = new StreamListener(generation);
        WatchOption option = WatchOption.builder()
                .withRange(keys.prefixEnd(prefix))
                .withRevision(delivered + 1)
                .withProgressNotify(true)
                .build();
        try {
            stream = client.watch(keys.key(prefix), option, streamListener);
        } catch (RuntimeException e) {
            streamListener.onError(e);
        }
    }

    private void closeStream() {
        if (streamListener != null) {
            streamListener.retired = true;
        }
        if (stream != null) {
            try {
                stream.close();
            } catch (RuntimeException e) {
                log.debug("etcd watch {}: closing the stream failed", name, e);
            }
            stream = null;
        }
    }

    private void deliver(List<WatchEvent> events) {
        long last = delivered;
        for (WatchEvent event : events) {
            if (closed) {
                return;
            }
            if (event.revision() > delivered) {
                notifyListener(event);
                last = Math.max(last, event.revision());
            }
        }
        delivered = last;
    }

    private void endCompacted(long compactRevision) {
        closeStream();
        log.error(
                "etcd watch {} on prefix '{}': etcd compacted revision {} before the watch could resume after "
                        + "revision {}; the watch ends with a COMPACTED event",
                name,
                prefix,
                compactRevision,
                delivered);
        notifyListener(new WatchEvent(WatchEvent.Type.COMPACTED, prefix, null, compactRevision));
        closed = true;
        onClose.accept(this);
    }

    private void reportBroken(Throwable cause, int failures) {
        if (failures == 1) {
            log.warn(
                    "etcd watch {} on prefix '{}': stream broke after revision {} ({}); resuming from revision {}",
                    name,
                    prefix,
                    delivered,
                    cause.toString(),
                    delivered + 1);
        } else {
            log.debug("etcd watch {}: resume attempt {} failed: {}", name, failures, cause.toString());
        }
    }

    /** Waits {@code millis} unless the watch is closed meanwhile; returns whether it is still open. */
    private boolean pause(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            Signal signal = queue.poll(left, TimeUnit.NANOSECONDS);
            if (signal instanceof Stop) {
                return false;
            }
        }
        return false;
    }

    private static long backoffMillis(int failures) {
        return Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(failures - 1, 10));
    }

    private void notifyListener(WatchEvent event) {
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            log.warn(
                    "etcd watch {} on prefix '{}': listener failed on {} of '{}' at revision {}",
                    name,
                    prefix,
                    event.type(),
                    event.key(),
                    event.revision(),
                    e);
        }
    }

    /** jetcd's callbacks for one stream; they run on jetcd's threads and only queue signals. */
    private final class StreamListener implements io.etcd.jetcd.Watch.Listener {
        private final long streamGeneration;
        private volatile boolean retired;

        StreamListener(long streamGeneration) {
            this.streamGeneration = streamGeneration;
        }

        @Override
        public void onNext(WatchResponse response) {
            if (retired) {
                return;
            }
            if (response.getEvents().isEmpty()) {
                if (response.isProgressNotify()) {
                    queue.add(
                            new Progress(streamGeneration, response.getHeader().getRevision()));
                }
                return;
            }
            List<WatchEvent> events = new ArrayList<>(response.getEvents().size());
            for (io.etcd.jetcd.watch.WatchEvent event : response.getEvents()) {
                WatchEvent.Type type =
                        switch (event.getEventType()) {
                            case PUT -> WatchEvent.Type.PUT;
                            case DELETE -> WatchEvent.Type.DELETE;
                            case UNRECOGNIZED -> null;
                        };
                if (type != null) {
                    io.etcd.jetcd.KeyValue kv = event.getKeyValue();
                    events.add(new WatchEvent(
                            type, keys.callerKey(kv.getKey()), kv.getValue().getBytes(), kv.getModRevision()));
                }
            }
            queue.add(new Events(streamGeneration, events));
        }

        @Override
        public void onError(Throwable failure) {
            if (retired) {
                return;
            }
            retired = true;
            queue.add(
                    failure instanceof CompactedException compacted
                            ? new Compacted(streamGeneration, compacted.getCompactedRevision())
                            : new Broken(streamGeneration, failure));
        }

        @Override
        public void onCompleted() {
            if (retired) {
                return;
            }
            retired = true;
            queue.add(new Broken(streamGeneration, new IllegalStateException("etcd ended the watch stream")));
        }
    }
}
