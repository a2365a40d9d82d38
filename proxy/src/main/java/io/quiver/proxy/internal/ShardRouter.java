package io.quiver.proxy.internal;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;

/** Routes a primary key to a shard: murmur3 of the key, modulo the shard count. */
public final class ShardRouter {
    private ShardRouter() {}

    public static int shardOf(Object primaryKey, int shards) {
        int hash =
                switch (primaryKey) {
                    case Long l -> Hashing.murmur3_32_fixed().hashLong(l).asInt();
                    case String s ->
                        Hashing.murmur3_32_fixed()
                                .hashString(s, StandardCharsets.UTF_8)
                                .asInt();
                    default -> throw new IllegalArgumentException("primary keys are Long or String, not " + primaryKey);
                };
        return Math.floorMod(hash, shards);
    }
}
