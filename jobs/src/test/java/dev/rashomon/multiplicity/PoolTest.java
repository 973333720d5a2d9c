package dev.rashomon.multiplicity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rashomon sets of a pool: loss order with ties by model id, every ε convention, an excluded reference. */
class PoolTest {
    private static LinkedHashMap<String, Double> losses() {
        LinkedHashMap<String, Double> losses = new LinkedHashMap<>();
        losses.put("d", 0.35);
        losses.put("a", 0.30);
        losses.put("c", 0.33);
        losses.put("b", 0.33);
        return losses;
    }

    private static RashomonSet.Rule options(String reference, RashomonSet.EpsilonMode mode, boolean strict,
                                                           boolean exclude, List<Double> epsilon) {
        return new MultiplicityConfig.Multiplicity(epsilon, mode, strict, reference, exclude, null, null, null, null, null,
                null).setRule();
    }

    @Test
    void membersAreInLossOrderWithTiesByModelId() {
        Pool pool = Pool.of(losses(), options("best", RashomonSet.EpsilonMode.ABSOLUTE, false, false, List.of(0.0, 0.035, 0.05)), "test");
        assertThat(pool.members()).containsExactly(1, 3, 2, 0); // a, b, c, d
        assertThat(pool.modelId(pool.reference())).isEqualTo("a");
        assertThat(pool.setSizes()).containsExactly(1, 3, 4);
        // The bound is computed in doubles, as every reference code does: 0.30 + 0.03 = 0.32999999999999996 < 0.33.
        Pool justBelow = Pool.of(losses(), options("best", RashomonSet.EpsilonMode.ABSOLUTE, false, false, List.of(0.03)), "test");
        assertThat(justBelow.setSizes()).containsExactly(1);
    }

    @Test
    void strictRelativeSetAroundANamedReference() {
        Pool pool = Pool.of(losses(), options("c", RashomonSet.EpsilonMode.RELATIVE, true, false, List.of(0.0, 0.1)), "test");
        // Strictly below 0.33: only a; b ties with c and is left out. (1.1·0.33 = 0.363 admits all.)
        assertThat(pool.setSizes()).containsExactly(1, 4);
    }

    @Test
    void anExcludedReferenceOnlyAnchorsTheBound() {
        Pool pool = Pool.of(losses(), options("best", RashomonSet.EpsilonMode.ABSOLUTE, false, true, List.of(0.0, 0.035)), "test");
        assertThat(pool.members()).containsExactly(3, 2, 0);
        assertThat(pool.setSizes()).containsExactly(0, 2);
    }
}
