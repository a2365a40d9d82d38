package io.quiver.querynode.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * An immutable view of a shard's segments, swapped atomically by the replay thread so a search never
 * sees a handed-off range twice or not at all.
 */
record ShardSegments(List<Segment> sealed, List<Segment> growing) {
    static final ShardSegments EMPTY = new ShardSegments(List.of(), List.of());

    ShardSegments {
        sealed = List.copyOf(sealed);
        growing = List.copyOf(growing);
    }

    List<Segment> all() {
        List<Segment> all = new ArrayList<>(sealed.size() + growing.size());
        all.addAll(sealed);
        all.addAll(growing);
        return all;
    }

    ShardSegments withGrowing(Segment chunk) {
        List<Segment> next = new ArrayList<>(growing);
        next.add(chunk);
        return new ShardSegments(sealed, next);
    }
}
