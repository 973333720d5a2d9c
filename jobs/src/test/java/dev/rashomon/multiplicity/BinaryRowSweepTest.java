package dev.rashomon.multiplicity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rashomon.run.UserError;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Rashomon sets and the per-row binary measures on hand-computed pools, including the edge cases. */
class BinaryRowSweepTest {

    @Test
    void setsArePrefixesOfTheLossOrder() {
        double[] losses = {0.30, 0.25, 0.31, 0.25, 0.40};
        assertThat(RashomonSet.lossOrder(losses)).containsExactly(1, 3, 0, 2, 4);
        assertThat(RashomonSet.best(losses)).isEqualTo(1);
        assertThat(RashomonSet.size(losses, 0.25, 0.0, RashomonSet.EpsilonMode.ABSOLUTE, false)).isEqualTo(2);
        assertThat(RashomonSet.size(losses, 0.25, 0.0, RashomonSet.EpsilonMode.ABSOLUTE, true)).as("strict, ε = 0").isZero();
        assertThat(RashomonSet.size(losses, 0.25, 0.06, RashomonSet.EpsilonMode.ABSOLUTE, false)).isEqualTo(4);
        // Relative: 0.25 · 1.2 = 0.30 (inclusive keeps the 0.30 model).
        assertThat(RashomonSet.size(losses, 0.25, 0.2, RashomonSet.EpsilonMode.RELATIVE, false)).isEqualTo(3);
        assertThatThrownBy(() -> RashomonSet.size(losses, 0.25, -0.01, RashomonSet.EpsilonMode.ABSOLUTE, false))
                .isInstanceOf(UserError.class).hasMessageContaining("negative ε");
    }

    @Test
    void handComputedRow() {
        // Members in loss order score 0.6 (the reference), 0.4, 0.5, 0.7; τ = 0.5 with ≥.
        double[] scores = {0.6, 0.4, 0.5, 0.7};
        BinaryRowSweep.Measures[] sets = BinaryRowSweep.sweep(scores, 0.6, 0.5, new int[] {1, 2, 3, 4});
        BinaryRowSweep.Measures one = sets[0];
        assertThat(one.ambiguous()).as("one-model set").isFalse();
        assertThat(one.vprWidth()).isEqualTo(0.0);
        assertThat(one.rashomonCapacity()).isEqualTo(1.0);
        assertThat(one.stdSample()).isNaN();
        assertThat(one.disagreementUnbiased()).isNaN();

        BinaryRowSweep.Measures two = sets[1];
        assertThat(two.ambiguous()).isTrue(); // 0.4 decides 0, the reference 1
        assertThat(two.crossesThreshold()).isTrue();
        assertThat(two.vprMin()).isEqualTo(0.4);
        assertThat(two.vprMax()).isEqualTo(0.6);
        assertThat(two.stdPopulation()).isCloseTo(0.1, within(1e-15));
        assertThat(two.disagreementUnbiased()).isEqualTo(2.0); // 4·1·1/(2·1)
        assertThat(two.maxScoreDeviation()).isCloseTo(0.2, within(1e-15));

        BinaryRowSweep.Measures three = sets[2];
        // 0.5 sits on the threshold: decision 1 (≥). Decisions 1, 0, 1.
        assertThat(three.disagreementPlugIn()).isCloseTo(4 * (2.0 / 3) * (1.0 / 3), within(1e-15));
        assertThat(three.pairwiseDisagreement()).isCloseTo(2.0 / 3, within(1e-15));

        BinaryRowSweep.Measures four = sets[3];
        // Mean 0.55: deviations 0.05, 0.15, 0.05, 0.15.
        double variance = (Math.pow(0.05, 2) + Math.pow(0.15, 2) + Math.pow(0.05, 2) + Math.pow(0.15, 2)) / 4;
        assertThat(four.stdPopulation()).isCloseTo(Math.sqrt(variance), within(1e-15));
        assertThat(four.stdSample()).isCloseTo(Math.sqrt(variance * 4 / 3), within(1e-15));
        assertThat(four.capacityBits()).isEqualTo(RashomonCapacity.binaryBits(0.4, 0.7));
    }

    @Test
    void aReferenceOutsideTheSetAndIdenticalModels() {
        // The reference (score 0.2, decision 0) is not a member; identical members all decide 1.
        BinaryRowSweep.Measures m = BinaryRowSweep.sweep(new double[] {0.8, 0.8, 0.8}, 0.2, 0.5, new int[] {3})[0];
        assertThat(m.ambiguous()).as("ambiguous even with identical members: the reference is outside").isTrue();
        assertThat(m.vprWidth()).isEqualTo(0.0);
        assertThat(m.rashomonCapacity()).isEqualTo(1.0);
        assertThat(m.pairwiseDisagreement()).isEqualTo(0.0);
        assertThat(BinaryRowSweep.sweep(new double[] {0.8}, 0.2, 0.5, new int[] {0})[0].vprMin()).as("empty set").isNaN();
    }

    @Test
    void theSweepEqualsDirectComputationForEverySet() {
        Random random = new Random(4);
        for (int trial = 0; trial < 200; trial++) {
            int models = 1 + random.nextInt(15);
            double[] scores = random.doubles(models).toArray();
            int[] sizes = random.ints(4, 0, models + 1).toArray();
            BinaryRowSweep.Measures[] swept = BinaryRowSweep.sweep(scores, scores[0], 0.5, sizes);
            for (int e = 0; e < sizes.length; e++) {
                double[] set = Arrays.copyOf(scores, sizes[e]);
                BinaryRowSweep.Measures direct = BinaryRowSweep.sweep(set, scores[0], 0.5, new int[] {set.length})[0];
                assertThat(swept[e]).isEqualTo(direct);
                if (set.length > 0) {
                    assertThat(swept[e].vprMin()).isEqualTo(Arrays.stream(set).min().orElseThrow());
                    assertThat(swept[e].ambiguous()).isEqualTo(Arrays.stream(set).anyMatch(s -> (s >= 0.5) != (scores[0] >= 0.5)));
                }
            }
        }
    }
}
