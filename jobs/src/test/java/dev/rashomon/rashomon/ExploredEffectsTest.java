package dev.rashomon.rashomon;

import static dev.rashomon.rashomon.BoundarySearch.MINUS;
import static dev.rashomon.rashomon.BoundarySearch.PLUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The explored models, main effects and both FIS variants, on closed-form losses (no Spark). */
class ExploredEffectsTest {
    private static final ExplorationOptions OPTIONS = new ExplorationOptions(0.1, 0.1, 0.1, 4, 100, 1000, 3, 1);

    /** Distinct multipliers: m[f][+][l] = 1 + 0.1·l + (f+1)/1000, m[f][−][l] = 1 − 0.07·l − (f+1)/1000. */
    private static double[][][] multipliers(int features) {
        double[][][] m = new double[features][2][11];
        for (int f = 0; f < features; f++) {
            for (int l = 0; l <= 10; l++) {
                m[f][PLUS][l] = 1 + 0.1 * l + (f + 1) / 1000.0;
                m[f][MINUS][l] = 1 - 0.07 * l - (f + 1) / 1000.0;
            }
        }
        return m;
    }

    @Test
    void pairModelsFollowTheFiscSplitsAndQuadrants() {
        double[][][] m = multipliers(3);
        ExploredEffects explored = new ExploredEffects(3, OPTIONS, m);
        // Split k = 3 gives a the budget 0.3 and b 0.7; quadrant 2 is (−, +).
        assertThat(explored.pair(0, 2, 3, 2)).isEqualTo(Scenario.scaled(0, m[0][MINUS][3], 2, m[2][PLUS][7]));
        assertThat(explored.pair(1, 2, 9, 1)).isEqualTo(Scenario.scaled(1, m[1][PLUS][9], 2, m[2][MINUS][1]));
        ExploredEffects.Results results = explored.compute(scenario -> 1.0);
        assertThat(results.pairs()).hasSize(3 * 36);
        assertThat(results.singles()).hasSize(3 * 2 * 11);
        ExploredEffects.PairModel fifth = results.pairs().get(5);
        assertThat(List.of(fifth.first(), fifth.second(), fifth.split(), fifth.quadrant())).containsExactly(0, 1, 2, 1);
        List<Scenario> scenarios = explored.scenarios();
        assertThat(scenarios).doesNotHaveDuplicates().allSatisfy(s -> assertThat(s.columns()).hasSizeLessThanOrEqualTo(2));
        // f and its 3 perturbations per feature and pair; 66 single models × (1 + 3); 108 pair models × (1 + 3·3).
        assertThat(scenarios).hasSize(1 + 3 * 3 + 3 * 3 + 66 * 4 + 108 * 10);
    }

    @Test
    void theVariantsTakeTheMainEffectsFromDifferentModels() {
        // Perturbing x0 or x1 costs 0.1 each, and perturbing either breaks an interaction term worth 0.05·m0·m1.
        double[][][] m = multipliers(2);
        ExploredEffects.Results results = new ExploredEffects(2, OPTIONS, m).compute(s -> {
            boolean first = s.columns().stream().anyMatch(c -> c.feature() == 0 && c.perturbed());
            boolean second = s.columns().stream().anyMatch(c -> c.feature() == 1 && c.perturbed());
            return 1 + (first ? 0.1 : 0) + (second ? 0.1 : 0) + (first || second ? 0.05 * s.multiplier(0) * s.multiplier(1) : 0);
        });
        assertThat(results.referencePairs().get(0).score()).isCloseTo(-0.05, within(1e-12));
        assertThat(results.referenceEffects()).containsExactly(new double[] {0.15, 0.15}, within(1e-12));
        for (ExploredEffects.PairModel g : results.pairs()) {
            double m0 = g.firstMultiplier();
            double m1 = g.secondMultiplier();
            assertThat(g.consistentScore()).isCloseTo(-0.05 * m0 * m1, within(1e-12));
            assertThat(g.paperCodeScore()).as("main effects of f(x0·m0) and f(x1·m1)")
                    .isCloseTo(0.05 * (m0 * m1 - m0 - m1), within(1e-12));
        }
    }

    @Test
    void aModelIgnoringAFeatureHasExactlyNoInteractionWithItInBothVariants() {
        // The loss depends on x0 (scaled and perturbed) only; x1 changes nothing.
        double[][][] m = multipliers(2);
        ExploredEffects.Results results = new ExploredEffects(2, OPTIONS, m).compute(s -> 0.6 + 0.1 * s.multiplier(0) * s.multiplier(0)
                + s.columns().stream().filter(c -> c.feature() == 0 && c.perturbed()).mapToDouble(c -> 0.013 * (s.pairing() + 1)).sum());
        assertThat(results.pairs()).allSatisfy(g -> {
            assertThat(g.consistentScore()).isEqualTo(0.0);
            assertThat(g.paperCodeScore()).isEqualTo(0.0);
        });
        assertThat(results.referencePairs().get(0).score()).isEqualTo(0.0);
    }
}
