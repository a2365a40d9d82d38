package io.quiver.common.meta.embedded;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The leases of one store run, with their expiry instants. Leases live only in memory: ids start at 1 on
 * every open, and the store deletes the keys of the previous run's leases when it opens. Not thread-safe; the
 * store guards it with its lock.
 */
final class LeaseTable {
    private record Lease(long id, Duration ttl, Instant expiresAt) {}

    private final Map<Long, Lease> leases = new TreeMap<>();
    private long nextId = 1;

    long grant(Duration ttl, Instant now) {
        long id = nextId++;
        leases.put(id, new Lease(id, ttl, now.plus(ttl)));
        return id;
    }

    boolean contains(long id) {
        return leases.containsKey(id);
    }

    /** Extends a live lease to {@code now + ttl}; returns false if there is no such lease. */
    boolean renew(long id, Instant now) {
        Lease lease = leases.get(id);
        if (lease == null) {
            return false;
        }
        leases.put(id, new Lease(id, lease.ttl(), now.plus(lease.ttl())));
        return true;
    }

    /** Removes a lease; returns whether it existed. */
    boolean remove(long id) {
        return leases.remove(id) != null;
    }

    /**
     * Removes and returns the leases whose expiry is at or before {@code now}, earliest expiry first (ties by
     * id), so expiries are applied in a deterministic order.
     */
    List<Long> removeExpired(Instant now) {
        List<Lease> expired = new ArrayList<>();
        for (Lease lease : leases.values()) {
            if (!lease.expiresAt().isAfter(now)) {
                expired.add(lease);
            }
        }
        expired.sort(Comparator.comparing(Lease::expiresAt).thenComparingLong(Lease::id));
        expired.forEach(lease -> leases.remove(lease.id()));
        return expired.stream().map(Lease::id).toList();
    }
}
