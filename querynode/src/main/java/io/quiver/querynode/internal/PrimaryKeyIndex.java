package io.quiver.querynode.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A shard's map from primary key to its recent versions and tombstones, which makes primary keys
 * unique: last write wins by timestamp, whatever order the writes arrive in. Used only by the shard's
 * replay thread (and by the loader before replay starts).
 *
 * <p><b>Ordering assumption.</b> Log order is not timestamp order: several proxies stamp writes from one
 * oracle but append them independently, so a channel may hold a write at T2 before one at T1 &lt; T2
 * for the same key. What the log does guarantee is the time-tick contract (DESIGN §3): a tick X comes
 * after every entry with a timestamp below X on its channel, and no entry below X comes after it. So
 * entries are out of timestamp order only between two consecutive ticks. (The proxies' tick sources
 * also never write at or below a published tick, so every late entry is above the shard's service time
 * and reads at T &le; tsafe are not affected by it; see {@link Segment}.)
 *
 * <p><b>Rule.</b> Each key's versions and tombstones are ordered by timestamp; at equal timestamps the
 * one applied later is the newer (equal timestamps for one key come only from one request, whose rows
 * arrive in request order, so the later row of a request wins). A version's {@code supersededTs} is the
 * timestamp of the next entry of its key in that order, or +inf. Adding an entry at timestamp t
 * therefore (a) ends the previous entry, if it is a version, at t, and (b) ends the new version, if a
 * newer entry already exists, at that entry's timestamp. A late insert becomes an older version; a late
 * delete ends only the version that was current at t. The result does not depend on arrival order.
 *
 * <p><b>Pruning.</b> To place a late entry the index needs, per key, every entry at or above the last
 * tick X and the newest version below X (a late entry is never below X, so older entries can no
 * longer be anyone's neighbour, and a tombstone below X ends nothing a late entry could add). {@link
 * #advance} drops the rest for the keys touched since the previous tick, so a key written once is a
 * single reference and only keys written within the current tick window hold more. Until the first
 * tick (e.g. while sealed segments are loaded, whose ranges need not end at a tick) nothing is pruned.
 */
final class PrimaryKeyIndex {
    /** A version ({@code segment != null}: row {@code row} of {@code segment}) or a tombstone. */
    private record Entry(long timestamp, Segment segment, int row) {
        boolean isVersion() {
            return segment != null;
        }

        boolean holds(Segment other, int otherRow) {
            return segment == other && row == otherRow;
        }
    }

    /** The entries of one key, by timestamp then arrival; kept only while the key has several. */
    private static final class Chain {
        final List<Entry> entries = new ArrayList<>(2);
    }

    /** Per key: an {@link Entry} (its only one) or a {@link Chain}. */
    private final Map<Object, Object> keys = new HashMap<>();
    /** Keys that may hold entries {@link #advance} can drop: chains and lone tombstones. */
    private final Set<Object> unsettled = new HashSet<>();

    private long watermark = Long.MIN_VALUE;
    private int live;

    /** Records a version of {@code key} written at {@code timestamp}: row {@code row} of {@code segment}. */
    void put(Object key, Segment segment, int row, long timestamp) {
        add(key, new Entry(timestamp, segment, row));
    }

    /** Records a tombstone of {@code key} written at {@code timestamp}. */
    void delete(Object key, long timestamp) {
        add(key, new Entry(timestamp, null, -1));
    }

    /**
     * Applies a time tick: no entry below {@code tick} will arrive any more, so entries that can no
     * longer be a late entry's neighbour are dropped.
     */
    void advance(long tick) {
        if (tick <= watermark) {
            return;
        }
        watermark = tick;
        for (Iterator<Object> it = unsettled.iterator(); it.hasNext(); ) {
            if (prune(it.next())) {
                it.remove();
            }
        }
    }

    /** Points every entry of {@code key} that refers to row {@code fromRow} of {@code from} at {@code to}. */
    void move(Segment from, int fromRow, Segment to, int toRow, Object key) {
        Object slot = keys.get(key);
        if (slot instanceof Entry entry) {
            if (entry.holds(from, fromRow)) {
                keys.put(key, new Entry(entry.timestamp(), to, toRow));
            }
        } else if (slot instanceof Chain chain) {
            List<Entry> entries = chain.entries;
            for (int i = 0; i < entries.size(); i++) {
                Entry entry = entries.get(i);
                if (entry.holds(from, fromRow)) {
                    entries.set(i, new Entry(entry.timestamp(), to, toRow));
                }
            }
        }
    }

    /** The number of keys whose newest entry is a version (live at +inf). */
    int size() {
        return live;
    }

    /** The number of entries held, versions and tombstones (for tests of pruning). */
    int entries() {
        int total = 0;
        for (Object slot : keys.values()) {
            total += slot instanceof Chain chain ? chain.entries.size() : 1;
        }
        return total;
    }

    private void add(Object key, Entry entry) {
        Object slot = keys.get(key);
        if (slot == null) {
            keys.put(key, entry);
            if (entry.isVersion()) {
                live++;
            } else {
                unsettled.add(key);
            }
            return;
        }
        Chain chain;
        if (slot instanceof Chain existing) {
            chain = existing;
        } else {
            chain = new Chain();
            chain.entries.add((Entry) slot);
            keys.put(key, chain);
        }
        insert(chain.entries, entry);
        unsettled.add(key);
    }

    /** Inserts after every entry at or below its timestamp and sets the neighbours' ends. */
    private void insert(List<Entry> entries, Entry entry) {
        int at = entries.size();
        while (at > 0 && entries.get(at - 1).timestamp() > entry.timestamp()) {
            at--;
        }
        Entry previous = at > 0 ? entries.get(at - 1) : null;
        Entry next = at < entries.size() ? entries.get(at) : null;
        entries.add(at, entry);
        if (previous != null && previous.isVersion()) {
            previous.segment().supersede(previous.row(), entry.timestamp());
        }
        if (next != null) {
            if (entry.isVersion()) {
                entry.segment().supersede(entry.row(), next.timestamp());
            }
        } else {
            boolean wasLive = previous != null && previous.isVersion();
            live += (entry.isVersion() ? 1 : 0) - (wasLive ? 1 : 0);
        }
    }

    /** Drops what a late entry can no longer need; true if the key is settled (one version, or gone). */
    private boolean prune(Object key) {
        Object slot = keys.get(key);
        if (slot instanceof Entry entry) {
            if (entry.isVersion()) {
                return true;
            }
            if (entry.timestamp() < watermark) {
                keys.remove(key);
                return true;
            }
            return false;
        }
        List<Entry> entries = ((Chain) slot).entries;
        int below = 0;
        while (below < entries.size() && entries.get(below).timestamp() < watermark) {
            below++;
        }
        int keepFrom = below > 0 && entries.get(below - 1).isVersion() ? below - 1 : below;
        entries.subList(0, keepFrom).clear();
        if (entries.isEmpty()) {
            keys.remove(key);
            return true;
        }
        if (entries.size() == 1) {
            keys.put(key, entries.getFirst());
            return entries.getFirst().isVersion();
        }
        return false;
    }
}
