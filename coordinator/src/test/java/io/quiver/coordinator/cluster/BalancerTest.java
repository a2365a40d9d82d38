package io.quiver.coordinator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BalancerTest {
    private static final List<String> CHANNELS = List.of("c0", "c1", "c2", "c3");

    @Test
    void spreadsEvenlyFromNothing() {
        Map<String, String> target = Balancer.assign(CHANNELS, Map.of(), List.of("a", "b"));

        assertThat(target).containsExactlyInAnyOrderEntriesOf(Map.of("c0", "a", "c1", "b", "c2", "a", "c3", "b"));
    }

    @Test
    void keepsLiveOwnersAndMovesOnlyTheDepartedNodesItems() {
        Map<String, String> current = Map.of("c0", "a", "c1", "b", "c2", "a", "c3", "b");

        Map<String, String> target = Balancer.assign(CHANNELS, current, List.of("a", "c"));

        assertThat(target).containsEntry("c0", "a").containsEntry("c2", "a");
        assertThat(target.get("c1")).isEqualTo("c");
        assertThat(target.get("c3")).isEqualTo("c");
    }

    @Test
    void aJoiningNodeTakesJustEnoughItems() {
        Map<String, String> current = Map.of("c0", "a", "c1", "b", "c2", "a", "c3", "b");

        Map<String, String> target = Balancer.assign(CHANNELS, current, List.of("a", "b", "c"));

        long moved = CHANNELS.stream()
                .filter(c -> !target.get(c).equals(current.get(c)))
                .count();
        assertThat(moved).isEqualTo(1);
        assertThat(target.values()).contains("c");
    }

    @Test
    void noNodesMeansNoAssignment() {
        assertThat(Balancer.assign(CHANNELS, Map.of("c0", "a"), List.of())).isEmpty();
    }

    @Test
    void randomMembershipChangesStayBalancedAndOnLiveNodes() {
        long seed = System.nanoTime();
        System.out.println("BalancerTest seed " + seed);
        Random random = new Random(seed);
        List<Integer> items = IntStream.range(0, 1 + random.nextInt(40)).boxed().toList();
        Map<Integer, String> current = new HashMap<>();
        List<String> nodes = new ArrayList<>(List.of("n0"));
        for (int round = 0; round < 200; round++) {
            if (random.nextBoolean() || nodes.size() == 1) {
                nodes.add("n" + (round + 1));
            } else {
                nodes.remove(random.nextInt(nodes.size()));
            }
            List<String> live = nodes.stream().sorted().toList();
            Map<Integer, String> target = Balancer.assign(items, current, live);

            assertThat(target.keySet()).containsExactlyInAnyOrderElementsOf(items);
            assertThat(live).containsAll(target.values());
            Map<String, Integer> load = new HashMap<>();
            live.forEach(n -> load.put(n, 0));
            target.values().forEach(n -> load.merge(n, 1, Integer::sum));
            int max = load.values().stream().max(Integer::compare).orElseThrow();
            int min = load.values().stream().min(Integer::compare).orElseThrow();
            assertThat(max - min).as("seed %d round %d", seed, round).isLessThanOrEqualTo(1);
            assertThat(Balancer.assign(items, current, live)).isEqualTo(target);
            current = new HashMap<>(target);
        }
    }
}
