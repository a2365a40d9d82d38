package io.quiver.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShardRouterTest {

    @Test
    void routingIsPinnedToMurmur3SoDataStaysWhereItWasWritten() {
        assertThat(ShardRouter.shardOf(0L, 4)).isEqualTo(0);
        assertThat(ShardRouter.shardOf(42L, 4)).isEqualTo(2);
        assertThat(ShardRouter.shardOf(-1L, 16)).isEqualTo(8);
        assertThat(ShardRouter.shardOf(Long.MAX_VALUE, 4)).isEqualTo(3);
        assertThat(ShardRouter.shardOf(Long.MIN_VALUE, 16)).isEqualTo(5);
        assertThat(ShardRouter.shardOf("", 4)).isEqualTo(0);
        assertThat(ShardRouter.shardOf("a", 16))
                .as("murmur3_x86_32('a') = 0x3c2569b2")
                .isEqualTo(2);
        assertThat(ShardRouter.shardOf("doc-1", 16)).isEqualTo(14);
        assertThat(ShardRouter.shardOf("héllo", 16)).as("hashed as UTF-8").isEqualTo(8);
    }

    @Test
    void sameKeyAlwaysGoesToTheSameShard() {
        for (long key = -500; key < 500; key++) {
            int shard = ShardRouter.shardOf(key, 7);
            assertThat(ShardRouter.shardOf(Long.valueOf(key), 7)).isEqualTo(shard);
            assertThat(ShardRouter.shardOf("k" + key, 7)).isEqualTo(ShardRouter.shardOf(new String("k" + key), 7));
        }
    }

    @Test
    void tenThousandKeysSpreadEvenlyOverFourShards() {
        int[] longs = new int[4];
        int[] strings = new int[4];
        for (long key = 0; key < 10_000; key++) {
            longs[ShardRouter.shardOf(key, 4)]++;
            strings[ShardRouter.shardOf("user-" + key, 4)]++;
        }
        for (int shard = 0; shard < 4; shard++) {
            assertThat(longs[shard]).as("Int64 keys in shard %d", shard).isBetween(2_300, 2_700);
            assertThat(strings[shard]).as("VarChar keys in shard %d", shard).isBetween(2_300, 2_700);
        }
    }

    @Test
    void shardIsAlwaysInRange() {
        for (long key = Long.MIN_VALUE; key < Long.MIN_VALUE + 2_000; key++) {
            assertThat(ShardRouter.shardOf(key, 3)).isBetween(0, 2);
        }
        assertThat(ShardRouter.shardOf(123L, 1)).isZero();
        assertThat(ShardRouter.shardOf("x", 1)).isZero();
    }

    @Test
    void onlyLongAndStringKeysAreRouted() {
        assertThatThrownBy(() -> ShardRouter.shardOf(5, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("primary keys are Long or String, not 5");
    }
}
