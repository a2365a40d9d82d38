package io.quiver.bench.ann;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.common.index.MetricType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectionsTest {
    @Test
    void randomFiltersPassTheirFractionAndMatchTheirExpression() {
        long seed = 7;
        System.out.println("seed=" + seed);
        int rows = 100_000;
        float[][] base = new float[rows][1];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = i % 10;
        }
        Dataset data = Selections.withRandomField(
                new Dataset("t", base, new float[1][1], new int[1][1], MetricType.L2, Map.of("label", labels)), seed);

        List<Selection> selections = Selections.of(data);

        assertThat(selections).extracting(Selection::label).containsExactly("50%", "10%", "1%", "0.1%", "label=3");
        double[] expected = {0.5, 0.1, 0.01, 0.001, 0.1};
        int[] rand = data.scalars().get(Selections.RANDOM_FIELD);
        for (int s = 0; s < selections.size(); s++) {
            Selection selection = selections.get(s);
            assertThat(selection.fraction(rows)).as(selection.label()).isCloseTo(expected[s], within(expected[s]));
            int limit = s < 4 ? Integer.parseInt(selection.expression().replace("rand < ", "")) : -1;
            for (int row = 0; row < rows; row++) {
                boolean passes = s < 4 ? rand[row] < limit : labels[row] == 3;
                assertThat(selection.passing().get(row)).isEqualTo(passes);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameField() {
        Dataset data = new Dataset("t", new float[50][1], new float[1][1], new int[1][1], MetricType.L2, Map.of());
        assertThat(Selections.withRandomField(data, 3).scalars().get("rand"))
                .containsExactly(Selections.withRandomField(data, 3).scalars().get("rand"));
    }

    private static org.assertj.core.data.Offset<Double> within(double expected) {
        return org.assertj.core.data.Offset.offset(expected * 0.25);
    }
}
