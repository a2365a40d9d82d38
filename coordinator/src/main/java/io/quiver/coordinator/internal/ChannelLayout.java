package io.quiver.coordinator.internal;

import com.google.common.hash.Hashing;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps collection shards onto a fixed pool of physical WAL channels ({@code <prefix>-<n>}). Consecutive
 * shards of a collection land on consecutive channels, starting at a position derived from the id.
 */
public record ChannelLayout(String prefix, int physicalChannels) {
    public ChannelLayout {
        if (physicalChannels < 1 || physicalChannels > 1024) {
            throw new IllegalArgumentException("physical channel count " + physicalChannels + " must be 1 to 1024");
        }
    }

    public List<String> all() {
        List<String> names = new ArrayList<>(physicalChannels);
        for (int i = 0; i < physicalChannels; i++) {
            names.add(prefix + "-" + i);
        }
        return names;
    }

    public List<String> channelsFor(long collectionId, int shards) {
        int first =
                Math.floorMod(Hashing.murmur3_32_fixed().hashLong(collectionId).asInt(), physicalChannels);
        List<String> names = new ArrayList<>(shards);
        for (int shard = 0; shard < shards; shard++) {
            names.add(prefix + "-" + (first + shard) % physicalChannels);
        }
        return names;
    }
}
