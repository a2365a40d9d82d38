package io.quiver.bench.ann;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The filters of the filtered sweep. Every row gets a scalar {@code rand}, uniform in [0, 1000) from a
 * seeded generator; {@code rand < 500}, {@code < 100}, {@code < 10} and {@code < 1} pass about 50%, 10%, 1%
 * and 0.1% of rows, independently of the vectors. With IDX labels, {@code label == 3} is a 10% filter that
 * is correlated with the vectors (one Fashion-MNIST class).
 */
public final class Selections {
    public static final String RANDOM_FIELD = "rand";
    private static final int RANGE = 1_000;

    private Selections() {}

    /** {@code data} with the {@code rand} field added, drawn from {@code seed}. */
    public static Dataset withRandomField(Dataset data, long seed) {
        Random random = new Random(seed);
        int[] values = new int[data.base().length];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(RANGE);
        }
        Map<String, int[]> scalars = new HashMap<>(data.scalars());
        scalars.put(RANDOM_FIELD, values);
        return new Dataset(data.name(), data.base(), data.queries(), data.truth(), data.metric(), scalars);
    }

    /** The 50%, 10%, 1% and 0.1% random filters, then the label filter if the dataset has labels. */
    public static List<Selection> of(Dataset data) {
        int[] rand = data.scalars().get(RANDOM_FIELD);
        List<Selection> selections = new ArrayList<>();
        for (int[] limit : new int[][] {{500, 50}, {100, 10}, {10, 1}}) {
            selections.add(below(rand, limit[0], limit[1] + "%"));
        }
        selections.add(below(rand, 1, "0.1%"));
        int[] labels = data.scalars().get("label");
        if (labels != null) {
            BitSet passing = new BitSet(labels.length);
            for (int i = 0; i < labels.length; i++) {
                passing.set(i, labels[i] == 3);
            }
            selections.add(new Selection("label=3", "label == 3", passing));
        }
        return selections;
    }

    private static Selection below(int[] rand, int limit, String label) {
        BitSet passing = new BitSet(rand.length);
        for (int i = 0; i < rand.length; i++) {
            passing.set(i, rand[i] < limit);
        }
        return new Selection(label, RANDOM_FIELD + " < " + limit, passing);
    }
}
