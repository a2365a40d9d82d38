package io.quiver.common.meta.embedded;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import io.quiver.common.meta.WatchEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The most recent change events, for watches that start from a past revision. Holds about
 * {@code capacity} events and always whole revisions: when it evicts, it evicts every event of the oldest
 * revision. Not thread-safe; the store guards it with its lock.
 */
final class WatchHistory {
    private final int capacity;
    private final Deque<WatchEvent> events = new ArrayDeque<>();
    private long oldestAvailable;

    /** An empty history of a store at {@code revision}: nothing up to {@code revision} is available. */
    WatchHistory(int capacity, long revision) {
        this.capacity = capacity;
        this.oldestAvailable = revision + 1;
    }

    /** The oldest revision whose events (and every later revision's) are held. */
    long oldestAvailable() {
        return oldestAvailable;
    }

    void add(List<WatchEvent> revisionEvents) {
        events.addAll(revisionEvents);
        while (events.size() > capacity) {
            long evicted = events.removeFirst().revision();
            while (!events.isEmpty() && events.peekFirst().revision() == evicted) {
                events.removeFirst();
            }
            oldestAvailable = evicted + 1;
        }
    }

    /**
     * The held events under {@code prefix} with a revision after {@code fromRevision}, in revision order.
     *
     * @throws QuiverException {@link ErrorCode#CONFLICT} if some of those events are no longer held
     */
    List<WatchEvent> after(long fromRevision, String prefix) {
        if (fromRevision + 1 < oldestAvailable) {
            throw new QuiverException(
                    ErrorCode.CONFLICT,
                    String.format(
                            "revision %d has been compacted; oldest available is %d (watch from revision %d or later)",
                            fromRevision + 1, oldestAvailable, oldestAvailable - 1));
        }
        List<WatchEvent> result = new ArrayList<>();
        for (WatchEvent event : events) {
            if (event.revision() > fromRevision && event.key().startsWith(prefix)) {
                result.add(event);
            }
        }
        return result;
    }
}
