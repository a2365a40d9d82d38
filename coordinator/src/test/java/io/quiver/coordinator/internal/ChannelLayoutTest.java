package io.quiver.coordinator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ChannelLayoutTest {
    private static final ChannelLayout LAYOUT = new ChannelLayout("dml", 8);

    @Test
    void poolNamesEveryChannelOnce() {
        assertThat(LAYOUT.all())
                .containsExactly("dml-0", "dml-1", "dml-2", "dml-3", "dml-4", "dml-5", "dml-6", "dml-7");
        assertThat(new ChannelLayout("x", 1).all()).containsExactly("x-0");
    }

    @Test
    void shardsOfOneCollectionLandOnDistinctConsecutiveChannels() {
        for (long id = 1; id <= 500; id++) {
            for (int shards = 1; shards <= 8; shards++) {
                List<String> channels = LAYOUT.channelsFor(id, shards);
                assertThat(channels)
                        .as("collection %d with %d shards", id, shards)
                        .hasSize(shards)
                        .doesNotHaveDuplicates()
                        .allMatch(LAYOUT.all()::contains);
                for (int shard = 1; shard < shards; shard++) {
                    assertThat(number(channels.get(shard)))
                            .as("collection %d shard %d", id, shard)
                            .isEqualTo((number(channels.get(shard - 1)) + 1) % 8);
                }
            }
        }
    }

    @Test
    void layoutOfACollectionIsStable() {
        for (long id : new long[] {1, 2, 42, 449_999_999_999L, Long.MAX_VALUE, -5}) {
            List<String> four = LAYOUT.channelsFor(id, 4);
            assertThat(new ChannelLayout("dml", 8).channelsFor(id, 4)).isEqualTo(four);
            assertThat(LAYOUT.channelsFor(id, 2)).isEqualTo(four.subList(0, 2));
        }
    }

    @Test
    void firstShardsSpreadOverThePool() {
        Map<String, Long> firstChannels = LongStream.rangeClosed(1, 8_000)
                .mapToObj(id -> LAYOUT.channelsFor(id, 1).getFirst())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        assertThat(firstChannels).containsOnlyKeys(LAYOUT.all());
        assertThat(firstChannels.values()).allSatisfy(count -> assertThat(count).isBetween(800L, 1_200L));
    }

    @Test
    void moreShardsThanChannelsWrapAroundThePool() {
        List<String> channels = LAYOUT.channelsFor(7, 10);

        assertThat(channels).hasSize(10);
        assertThat(channels.subList(0, 8)).containsExactlyInAnyOrderElementsOf(LAYOUT.all());
        assertThat(channels.subList(8, 10)).isEqualTo(channels.subList(0, 2));
    }

    @Test
    void rejectsPoolSizesOutOfRange() {
        assertThatThrownBy(() -> new ChannelLayout("dml", 0))
                .hasMessageContaining("0")
                .hasMessageContaining("1024");
        assertThatThrownBy(() -> new ChannelLayout("dml", 1025)).hasMessageContaining("1025");
    }

    private static int number(String channel) {
        return Integer.parseInt(channel.substring(channel.lastIndexOf('-') + 1));
    }
}
