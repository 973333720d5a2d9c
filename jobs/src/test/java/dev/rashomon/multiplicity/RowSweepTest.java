package dev.rashomon.multiplicity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rashomon.run.UserError;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Rashomon sets and the per-row measures on hand-computed rows, including the edge cases. */
class RowSweepTest {
    private static final int[] IN_ORDER = {0, 1, 2, 3};

    private static double m(double[] row, RowMeasure measure) {
        return row[measure.ordinal()];
    }

    @Test
    void setSizesByEveryConvention() {
        double[] losses = {0.30, 0.25, 0.31, 0.25, 0.40};
        assertThat(RashomonSet.size(losses, 0.25, 0.0, RashomonSet.EpsilonMode.ABSOLUTE, false)).isEqualTo(2);
        assertThat(RashomonSet.size(losses, 0.25, 0.0, RashomonSet.EpsilonMode.ABSOLUTE, true)).as("strict, ε = 0").isZero();
        assertThat(RashomonSet.size(losses, 0.25, 0.06, RashomonSet.EpsilonMode.ABSOLUTE, false)).isEqualTo(4);
        // Relative: 0.25 · 1.2 = 0.30 (inclusive keeps the 0.30 model).
        assertThat(RashomonSet.size(losses, 0.25, 0.2, RashomonSet.EpsilonMode.RELATIVE, false)).isEqualTo(3);
        assertThatThrownBy(() -> RashomonSet.size(losses, 0.25, -0.01, RashomonSet.EpsilonMode.ABSOLUTE, false))
                .isInstanceOf(UserError.class).hasMessageContaining("negative ε");
    }

    @Test
    void handComputedBinaryRow() {
        // Members in loss order score 0.6 (the reference), 0.4, 0.5, 0.7; label 0; τ = 0.5 with ≥.
        double[] scores = {0.6, 0.4, 0.5, 0.7};
        double[][] sets = RowSweep.binary(scores, IN_ORDER, 0, 0, 0.5, new int[] {1, 2, 3, 4});
        double[] one = sets[0];
        assertThat(m(one, RowMeasure.AMBIGUOUS)).as("one-model set").isZero();
        assertThat(m(one, RowMeasure.AMBIGUOUS_VS_LABEL)).as("the reference decides 1, the label is 0").isEqualTo(1.0);
        assertThat(m(one, RowMeasure.VPR_WIDTH)).isZero();
        assertThat(m(one, RowMeasure.RASHOMON_CAPACITY)).isEqualTo(1.0);
        assertThat(m(one, RowMeasure.SCORE_STD_SAMPLE)).isNaN();
        assertThat(m(one, RowMeasure.DISAGREEMENT_UNBIASED)).isNaN();
        assertThat(m(one, RowMeasure.SELF_CONSISTENCY)).isNaN();

        double[] two = sets[1];
        assertThat(m(two, RowMeasure.AMBIGUOUS)).isEqualTo(1.0); // 0.4 decides 0, the reference 1
        assertThat(m(two, RowMeasure.PAIRWISE_AMBIGUOUS)).isEqualTo(1.0);
        assertThat(m(two, RowMeasure.CROSSES_THRESHOLD)).isEqualTo(1.0);
        assertThat(m(two, RowMeasure.VPR_LO)).isEqualTo(0.4);
        assertThat(m(two, RowMeasure.VPR_HI)).isEqualTo(0.6);
        assertThat(m(two, RowMeasure.SCORE_STD)).isCloseTo(0.1, within(1e-15));
        assertThat(m(two, RowMeasure.DISAGREEMENT_UNBIASED)).isEqualTo(2.0); // 4·1·1/(2·1)
        assertThat(m(two, RowMeasure.DISAGREEMENT_PLUGIN)).isEqualTo(1.0);
        assertThat(m(two, RowMeasure.SELF_CONSISTENCY)).isEqualTo(0.0);
        assertThat(m(two, RowMeasure.MAX_SCORE_DEVIATION)).isCloseTo(0.2, within(1e-15));

        double[] three = sets[2];
        // 0.5 sits on the threshold: decision 1 (≥). Decisions 1, 0, 1.
        assertThat(m(three, RowMeasure.DISAGREEMENT_PLUGIN)).isCloseTo(4 * (2.0 / 3) * (1.0 / 3), within(1e-15));
        assertThat(m(three, RowMeasure.DISAGREEMENT_UNBIASED)).as("exceeds 1 for small m").isCloseTo(4.0 / 3, within(1e-15));
        assertThat(m(three, RowMeasure.PAIRWISE_DISAGREEMENT)).isCloseTo(2.0 / 3, within(1e-15));

        double[] four = sets[3];
        // Mean 0.55: deviations 0.05, 0.15, 0.05, 0.15.
        double variance = (Math.pow(0.05, 2) + Math.pow(0.15, 2) + Math.pow(0.05, 2) + Math.pow(0.15, 2)) / 4;
        assertThat(m(four, RowMeasure.SCORE_STD)).isCloseTo(Math.sqrt(variance), within(1e-15));
        assertThat(m(four, RowMeasure.SCORE_STD_SAMPLE)).isCloseTo(Math.sqrt(variance * 4 / 3), within(1e-15));
        assertThat(m(four, RowMeasure.CAPACITY_BITS)).isEqualTo(RashomonCapacity.binaryBits(0.4, 0.7));
    }

    @Test
    void aTieAtTheThresholdDecidesOneAndDoesNotCross() {
        double[] row = RowSweep.binary(new double[] {0.5, 0.7}, new int[] {0, 1}, 0, 1, 0.5, new int[] {2})[0];
        assertThat(m(row, RowMeasure.AMBIGUOUS)).isZero();
        assertThat(m(row, RowMeasure.CROSSES_THRESHOLD)).as("min = τ: both decide 1").isZero();
    }

    @Test
    void aReferenceOutsideTheSetAndIdenticalModels() {
        // Pool index 0 is the reference (0.2, decision 0); the members 1..3 are identical and decide 1.
        double[] scores = {0.2, 0.8, 0.8, 0.8};
        double[] row = RowSweep.binary(scores, new int[] {1, 2, 3}, 0, 1, 0.5, new int[] {3})[0];
        assertThat(m(row, RowMeasure.AMBIGUOUS)).as("ambiguous with identical members: the reference is outside").isEqualTo(1.0);
        assertThat(m(row, RowMeasure.PAIRWISE_AMBIGUOUS)).isZero();
        assertThat(m(row, RowMeasure.VPR_WIDTH)).isZero();
        assertThat(m(row, RowMeasure.RASHOMON_CAPACITY)).isEqualTo(1.0);
        assertThat(m(row, RowMeasure.PAIRWISE_DISAGREEMENT)).isZero();
        assertThat(m(row, RowMeasure.MAX_SCORE_DEVIATION)).isCloseTo(0.6, within(1e-15));
        double[] empty = RowSweep.binary(scores, new int[] {1, 2, 3}, 0, 1, 0.5, new int[] {0})[0];
        assertThat(Arrays.stream(empty).allMatch(Double::isNaN)).as("an empty set has no measures").isTrue();
    }

    @Test
    void multiclassRowHandComputed() {
        // Three models over three classes; label 2. Model 0 (reference) and 1 decide class 0; model 2 decides 2.
        double[] p = {
            0.5, 0.3, 0.2,
            0.4, 0.4, 0.2, // a tie between classes 0 and 1: the lower index wins
            0.1, 0.1, 0.8};
        double[][] sets = RowSweep.multiclass(p, 3, new int[] {0, 1, 2}, 0, 2, new int[] {2, 3});
        assertThat(m(sets[0], RowMeasure.AMBIGUOUS)).as("the tie decides 0, like the reference").isZero();
        assertThat(m(sets[0], RowMeasure.AMBIGUOUS_VS_LABEL)).isEqualTo(1.0);
        assertThat(m(sets[0], RowMeasure.VPR_WIDTH)).as("the label's probabilities 0.2, 0.2").isZero();
        assertThat(m(sets[1], RowMeasure.AMBIGUOUS)).isEqualTo(1.0);
        assertThat(m(sets[1], RowMeasure.VPR_WIDTH)).isCloseTo(0.6, within(1e-15));
        // Class counts (2, 0, 1): P(h ≠ h') = 1 − 2·1/(3·2) = 2/3.
        assertThat(m(sets[1], RowMeasure.PAIRWISE_DISAGREEMENT)).isCloseTo(2.0 / 3, within(1e-15));
        double expectedBits = RashomonCapacity.blahutArimoto(new double[][] {{0.5, 0.3, 0.2}, {0.4, 0.4, 0.2}, {0.1, 0.1, 0.8}},
                1e-14, 0, 1_000_000).bits();
        assertThat(m(sets[1], RowMeasure.CAPACITY_BITS)).isCloseTo(expectedBits, within(1e-9));
        assertThat(m(sets[1], RowMeasure.RASHOMON_CAPACITY)).isBetween(1.0, 3.0);
        for (RowMeasure binaryOnly : new RowMeasure[] {RowMeasure.DISAGREEMENT_PLUGIN, RowMeasure.DISAGREEMENT_UNBIASED,
            RowMeasure.CROSSES_THRESHOLD, RowMeasure.MAX_SCORE_DEVIATION}) {
            assertThat(m(sets[1], binaryOnly)).as(binaryOnly + " is not applicable to multiclass").isNaN();
        }
    }

    @Test
    void identicalMulticlassMembersHaveCapacityOne() {
        double[] p = {0.2, 0.3, 0.5, 0.2, 0.3, 0.5};
        double[] row = RowSweep.multiclass(p, 3, new int[] {0, 1}, 0, 1, new int[] {2})[0];
        assertThat(m(row, RowMeasure.RASHOMON_CAPACITY)).isEqualTo(1.0);
        assertThat(m(row, RowMeasure.SELF_CONSISTENCY)).isEqualTo(1.0);
    }

    @Test
    void theSweepEqualsDirectComputationForEverySet() {
        Random random = new Random(4);
        for (int trial = 0; trial < 200; trial++) {
            int models = 1 + random.nextInt(15);
            double[] scores = random.doubles(models).toArray();
            int[] members = IntStream.range(0, models).toArray();
            int[] sizes = random.ints(4, 0, models + 1).sorted().toArray();
            int label = random.nextInt(2);
            double[][] swept = RowSweep.binary(scores, members, 0, label, 0.5, sizes);
            for (int e = 0; e < sizes.length; e++) {
                double[] direct = RowSweep.binary(scores, members, 0, label, 0.5, new int[] {sizes[e]})[0];
                assertThat(swept[e]).containsExactly(direct);
                double[] set = Arrays.copyOf(scores, sizes[e]);
                if (set.length > 0) {
                    assertThat(m(swept[e], RowMeasure.VPR_LO)).isEqualTo(Arrays.stream(set).min().orElseThrow());
                    assertThat(m(swept[e], RowMeasure.AMBIGUOUS) == 1.0)
                            .isEqualTo(Arrays.stream(set).anyMatch(s -> (s >= 0.5) != (scores[0] >= 0.5)));
                    long positives = Arrays.stream(set).filter(s -> s >= 0.5).count();
                    assertThat(m(swept[e], RowMeasure.PAIRWISE_AMBIGUOUS) == 1.0)
                            .isEqualTo(positives > 0 && positives < set.length);
                }
            }
        }
    }
}
