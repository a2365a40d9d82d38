package io.quiver.common.meta.embedded;

import io.quiver.common.meta.Watch;
import io.quiver.common.meta.WatchEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch of an {@link EmbeddedMetaStore}: an unbounded queue filled by writers (who never wait for the
 * listener) and drained by the watch's own named thread, which calls the listener in revision order.
 */
final class EmbeddedWatch implements Watch {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedWatch.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final WatchEvent STOP = new WatchEvent(WatchEvent.Type.DELETE, "", null, 0);

    private final String name;
    private final String prefix;
    private final long fromRevision;
    private final Consumer<WatchEvent> listener;
    private final Consumer<EmbeddedWatch> onClose;
    private final BlockingQueue<WatchEvent> queue = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private Thread thread;

    private EmbeddedWatch(
            String name,
            String prefix,
            long fromRevision,
            Consumer<WatchEvent> listener,
            Consumer<EmbeddedWatch> onClose) {
        this.name = name;
        this.prefix = prefix;
        this.fromRevision = fromRevision;
        this.listener = listener;
        this.onClose = onClose;
    }

    /**
     * Starts a watch that first delivers {@code backlog}, then every {@linkplain #offer offered} event under
     * {@code prefix} after {@code fromRevision}. {@code onClose} is called once when the watch is closed.
     */
    static EmbeddedWatch start(
            String name,
            String prefix,
            long fromRevision,
            List<WatchEvent> backlog,
            Consumer<WatchEvent> listener,
            Consumer<EmbeddedWatch> onClose) {
        EmbeddedWatch watch = new EmbeddedWatch(name, prefix, fromRevision, listener, onClose);
        watch.queue.addAll(backlog);
        watch.thread = Thread.ofPlatform().name(name).daemon().start(watch::deliver);
        return watch;
    }

    /** Queues {@code event} if it is under this watch's prefix and after its start revision. */
    void offer(WatchEvent event) {
        if (!closed && event.revision() > fromRevision && event.key().startsWith(prefix)) {
            queue.add(event);
        }
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
        queue.add(STOP);
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            if (!thread.join(CLOSE_WAIT)) {
                log.warn(
                        "meta store watch {} on prefix '{}': listener still running {} after close",
                        name,
                        prefix,
                        CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver() {
        try {
            while (true) {
                WatchEvent event = queue.take();
                if (closed) {
                    return;
                }
                notifyListener(event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void notifyListener(WatchEvent event) {
        try {
            listener.accept(
                    new WatchEvent(event.type(), event.key(), event.value().clone(), event.revision()));
        } catch (RuntimeException e) {
            log.warn(
                    "meta store watch {} on prefix '{}': listener failed on {} of '{}' at revision {}",
                    name,
                    prefix,
                    event.type(),
                    event.key(),
                    event.revision(),
                    e);
        }
    }
}
