package io.quiver.coordinator.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Spreads items (physical channels, shard replicas) over nodes: items keep a live owner, items of a
 * departed node go to the least loaded nodes, and while one node has at least two items more than
 * another, one item moves. Deterministic for the same input (ties break by node id, then item order).
 */
public final class Balancer {
    private Balancer() {}

    /** Where every item should be, given where it is now ({@code current} may name dead nodes or none). */
    public static <T> Map<T, String> assign(Collection<T> items, Map<T, String> current, List<String> nodes) {
        Map<T, String> target = new LinkedHashMap<>();
        if (nodes.isEmpty()) {
            return target;
        }
        Map<String, List<T>> byNode = new TreeMap<>();
        nodes.forEach(node -> byNode.put(node, new ArrayList<>()));
        List<T> orphans = new ArrayList<>();
        for (T item : items) {
            String owner = current.get(item);
            if (owner != null && byNode.containsKey(owner)) {
                byNode.get(owner).add(item);
            } else {
                orphans.add(item);
            }
        }
        for (T item : orphans) {
            leastLoaded(byNode).add(item);
        }
        while (true) {
            List<T> most = mostLoaded(byNode);
            List<T> least = leastLoaded(byNode);
            if (most.size() - least.size() < 2) {
                break;
            }
            least.add(most.removeLast());
        }
        Map<T, String> owners = new HashMap<>();
        byNode.forEach((node, owned) -> owned.forEach(item -> owners.put(item, node)));
        for (T item : items) {
            target.put(item, owners.get(item));
        }
        return target;
    }

    private static <T> List<T> leastLoaded(Map<String, List<T>> byNode) {
        return byNode.values().stream().min(Comparator.comparingInt(List::size)).orElseThrow();
    }

    private static <T> List<T> mostLoaded(Map<String, List<T>> byNode) {
        List<T> most = null;
        for (List<T> owned : byNode.values()) {
            if (most == null || owned.size() > most.size()) {
                most = owned;
            }
        }
        return most;
    }
}
