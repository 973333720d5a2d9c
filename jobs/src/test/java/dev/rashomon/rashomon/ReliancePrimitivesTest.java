package dev.rashomon.rashomon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Groundwork of the rashomon job (issue 5): reliance, set ranges and the importance distribution, by hand. */
class ReliancePrimitivesTest {

    @Test
    void anIgnoredFeatureHasRelianceOneAndNoInteraction() {
        ModelReliance ignored = new ModelReliance(0.42, 0.42);
        assertThat(ignored.ratio()).isEqualTo(1.0);
        assertThat(ignored.difference()).isEqualTo(0.0);
        // With common random numbers, perturbing (i, j) when j is ignored is perturbing i: φ_ij = φ_i, φ_j = 0.
        double effectOfI = new ModelReliance(0.42, 0.57).difference();
        assertThat(ModelReliance.interaction(effectOfI, effectOfI, ignored.difference())).isEqualTo(0.0);
        assertThat(new ModelReliance(0.0, 0.1).ratio()).as("e_orig = 0: the ratio is undefined").isNaN();
        assertThat(new ModelReliance(0.2, 0.3).ratio()).isCloseTo(1.5, within(1e-15));
    }

    @Test
    void rangesOverPrefixSetsWithTiesToTheLowerLoss() {
        // Pool indexes 0..4; loss order 2, 0, 4, 1, 3.
        double[] mr = {1.30, 0.95, 1.10, 1.30, Double.NaN};
        int[] members = {2, 0, 4, 1, 3};
        SetRange.Range[] ranges = SetRange.sweep(mr, members, new int[] {1, 3, 4, 5});
        assertThat(ranges[0].min()).isEqualTo(1.10);
        assertThat(ranges[0].max()).isEqualTo(1.10);
        assertThat(ranges[0].argmin()).isEqualTo(2);
        assertThat(ranges[1].max()).as("model 4's NaN is left out").isEqualTo(1.30);
        assertThat(ranges[1].argmax()).isEqualTo(0);
        assertThat(ranges[1].mean()).isCloseTo((1.10 + 1.30) / 2, within(1e-15));
        assertThat(ranges[2].min()).isEqualTo(0.95);
        assertThat(ranges[2].argmin()).isEqualTo(1);
        assertThat(ranges[3].argmax()).as("models 0 and 3 tie at 1.30: 0 has the lower loss").isEqualTo(0);
        for (SetRange.Range r : ranges) {
            assertThat(r.min()).as("MCR− ≤ the reference's MR").isLessThanOrEqualTo(1.10);
            assertThat(r.max()).as("the reference's MR ≤ MCR+").isGreaterThanOrEqualTo(1.10);
        }
        assertThat(ranges[3].signChange()).isFalse();
        SetRange.Range fis = SetRange.sweep(new double[] {0.02, -0.01}, new int[] {0, 1}, new int[] {2})[0];
        assertThat(fis.signChange()).as("an interaction that flips sign inside the set").isTrue();
    }

    @Test
    void theImportanceDistributionMixesGroupsEqually() {
        // Group 1's set has two members (weight 1/4 each), group 2's one (weight 1/2).
        ImportanceDistribution rid = new ImportanceDistribution(List.of(new double[] {0.1, 0.3}, new double[] {0.3}));
        assertThat(rid.cdf(0.05)).isEqualTo(0.0);
        assertThat(rid.cdf(0.1)).isEqualTo(0.25);
        assertThat(rid.cdf(0.2)).isEqualTo(0.25);
        assertThat(rid.cdf(0.3)).isEqualTo(1.0);
        assertThat(rid.mean()).isCloseTo(0.25 * 0.1 + 0.75 * 0.3, within(1e-15));
        assertThat(rid.quantile(0.25)).isEqualTo(0.1);
        assertThat(rid.median()).isEqualTo(0.3);
        assertThat(rid.boxAndWhiskerRange()[0]).isCloseTo(0.1 - 1.5 * 0.2, within(1e-15));
        assertThat(rid.boxAndWhiskerRange()[1]).isCloseTo(0.3 + 1.5 * 0.2, within(1e-15));
        assertThat(rid.probabilityAbove(0)).isEqualTo(1.0);

        ImportanceDistribution mixed = new ImportanceDistribution(List.of(new double[] {-0.02, 0.0, 0.05, 0.05}, new double[0]));
        assertThat(mixed.probabilityAbove(0)).as("the empty group is skipped").isEqualTo(0.5);
        assertThat(mixed.median()).isEqualTo(0.0);
        assertThatThrownBy(() -> new ImportanceDistribution(List.of(new double[0]))).isInstanceOf(IllegalArgumentException.class);
    }
}
