package io.quiver.common.meta.embedded;

import io.quiver.common.meta.KeyValue;
import io.quiver.common.meta.WatchEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The store's keys and its revision, in memory: a map sorted by {@link KeyOrder#UTF8} plus an index of the
 * keys attached to each lease. Not thread-safe; {@link EmbeddedMetaStore} guards it with its lock. A
 * mutation hands its value arrays over (the store copies callers' values before building one); reads return
 * copies, so callers can never change stored bytes.
 */
final class KeySpace {
    private final NavigableMap<String, KeyValue> keys = new TreeMap<>(KeyOrder.UTF8);
    private final Map<Long, Set<String>> keysByLease = new HashMap<>();
    private long revision;

    private KeySpace(long revision) {
        this.revision = revision;
    }

    static KeySpace empty() {
        return new KeySpace(0);
    }

    /**
     * A key space at {@code revision} holding {@code entries} (as read from a snapshot).
     *
     * @throws IllegalArgumentException if an entry was changed after {@code revision}
     */
    static KeySpace restore(long revision, Collection<KeyValue> entries) {
        KeySpace space = new KeySpace(revision);
        for (KeyValue entry : entries) {
            if (entry.modRevision() > revision) {
                throw new IllegalArgumentException(String.format(
                        "key '%s' has modRevision %d, after the snapshot revision %d",
                        entry.key(), entry.modRevision(), revision));
            }
            space.store(entry);
        }
        return space;
    }

    long revision() {
        return revision;
    }

    int size() {
        return keys.size();
    }

    Optional<KeyValue> get(String key) {
        return Optional.ofNullable(keys.get(key)).map(KeySpace::copy);
    }

    /** The modification revision of {@code key}, 0 if it does not exist. */
    long modRevision(String key) {
        KeyValue entry = keys.get(key);
        return entry == null ? 0 : entry.modRevision();
    }

    boolean contains(String key) {
        return keys.containsKey(key);
    }

    List<KeyValue> range(String prefix) {
        List<KeyValue> result = new ArrayList<>();
        for (KeyValue entry : keys.tailMap(prefix, true).values()) {
            if (!entry.key().startsWith(prefix)) {
                break;
            }
            result.add(copy(entry));
        }
        return result;
    }

    /** Keys starting with {@code prefix}, in key order. */
    List<String> keysWithPrefix(String prefix) {
        List<String> result = new ArrayList<>();
        for (String key : keys.tailMap(prefix, true).keySet()) {
            if (!key.startsWith(prefix)) {
                break;
            }
            result.add(key);
        }
        return result;
    }

    /** Keys attached to {@code leaseId}, in key order. */
    List<String> keysOfLease(long leaseId) {
        return List.copyOf(keysByLease.getOrDefault(leaseId, Set.of()));
    }

    /** Keys attached to any lease, in key order. */
    List<String> keysWithAnyLease() {
        TreeSet<String> all = new TreeSet<>(KeyOrder.UTF8);
        keysByLease.values().forEach(all::addAll);
        return List.copyOf(all);
    }

    /** Every entry in key order, sharing the stored value arrays (for writing a snapshot). */
    Collection<KeyValue> entries() {
        return keys.values();
    }

    /**
     * Applies the next revision's changes and returns the events they produce (sharing the stored value
     * arrays; watches copy them before a listener sees them). Deleting an absent key produces no event.
     */
    List<WatchEvent> apply(Mutation mutation) {
        if (mutation.revision() != revision + 1) {
            throw new IllegalStateException(
                    "mutation revision " + mutation.revision() + " does not follow store revision " + revision);
        }
        revision = mutation.revision();
        List<WatchEvent> events = new ArrayList<>(mutation.changes().size());
        for (Mutation.Change change : mutation.changes()) {
            switch (change) {
                case Mutation.Put put -> events.add(put(put));
                case Mutation.Delete delete -> delete(delete.key()).ifPresent(events::add);
            }
        }
        return events;
    }

    private WatchEvent put(Mutation.Put put) {
        KeyValue previous = keys.get(put.key());
        long createRevision = previous == null ? revision : previous.createRevision();
        long version = previous == null ? 1 : previous.version() + 1;
        if (previous != null) {
            unindex(previous);
        }
        store(new KeyValue(put.key(), put.value(), createRevision, revision, version, put.leaseId()));
        return new WatchEvent(WatchEvent.Type.PUT, put.key(), put.value(), revision);
    }

    private Optional<WatchEvent> delete(String key) {
        KeyValue previous = keys.remove(key);
        if (previous == null) {
            return Optional.empty();
        }
        unindex(previous);
        return Optional.of(new WatchEvent(WatchEvent.Type.DELETE, key, new byte[0], revision));
    }

    private void store(KeyValue entry) {
        keys.put(entry.key(), entry);
        if (entry.leaseId() != 0) {
            keysByLease
                    .computeIfAbsent(entry.leaseId(), id -> new TreeSet<>(KeyOrder.UTF8))
                    .add(entry.key());
        }
    }

    private void unindex(KeyValue entry) {
        if (entry.leaseId() == 0) {
            return;
        }
        Set<String> leaseKeys = keysByLease.get(entry.leaseId());
        leaseKeys.remove(entry.key());
        if (leaseKeys.isEmpty()) {
            keysByLease.remove(entry.leaseId());
        }
    }

    private static KeyValue copy(KeyValue entry) {
        return new KeyValue(
                entry.key(),
                entry.value().clone(),
                entry.createRevision(),
                entry.modRevision(),
                entry.version(),
                entry.leaseId());
    }
}
