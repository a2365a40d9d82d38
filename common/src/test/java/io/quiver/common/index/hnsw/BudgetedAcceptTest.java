package io.quiver.common.index.hnsw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BudgetedAcceptTest {
    @Test
    void answersLikeTheFilterUntilTheBudgetIsSpent() {
        BudgetedAccept accept = new BudgetedAccept(row -> row % 2 == 0, 3);

        assertThat(accept.get(0)).isTrue();
        assertThat(accept.get(1)).isFalse();
        assertThat(accept.get(2)).isTrue();
        assertThatThrownBy(() -> accept.get(4)).isInstanceOf(BudgetedAccept.Exhausted.class);
    }
}
