package io.quiver.common.meta.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyOrderTest {
    @Test
    void ordersAsciiKeysLikeStrings() {
        List<String> keys = List.of("a/b", "a/b/1", "a/b/10", "a/b/2", "a/bc", "a0", "b");

        assertThat(keys.stream().sorted(KeyOrder.UTF8).toList())
                .isEqualTo(keys.stream().sorted().toList());
        assertThat(KeyOrder.compare("a/b", "a/b")).isZero();
    }

    @Test
    void ordersCharactersBeyondTheBasicPlaneByTheirUtf8Bytes() {
        String emoji = "k\uD83D\uDE00";
        String lastBmp = "k\uFFFD";

        assertThat(emoji.compareTo(lastBmp)).as("UTF-16 order").isNegative();
        assertThat(Arrays.compareUnsigned(emoji.getBytes(UTF_8), lastBmp.getBytes(UTF_8)))
                .isPositive();
        assertThat(KeyOrder.compare(emoji, lastBmp)).isPositive();
        assertThat(KeyOrder.compare(lastBmp, emoji)).isNegative();
    }
}
