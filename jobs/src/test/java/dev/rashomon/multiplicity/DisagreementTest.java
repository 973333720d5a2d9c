package dev.rashomon.multiplicity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The disagreement measures on the reference's worked examples and identities. */
class DisagreementTest {

    @Test
    void threeModelsDecidingZeroOneZero() {
        // Reference 2.7: m = 3, decisions (0, 1, 0): the unbiased version is 4/3, above 1.
        assertThat(Disagreement.unbiased(2, 1)).isCloseTo(4.0 / 3, within(1e-15));
        assertThat(Disagreement.plugIn(2, 1)).isCloseTo(4 * (1.0 / 3) * (2.0 / 3), within(1e-15));
        // Pairs: (0,1), (0,0), (1,0) of the 3 unordered pairs differ in 2 → 2/3.
        assertThat(Disagreement.pairwiseProbability(new long[] {2, 1})).isCloseTo(2.0 / 3, within(1e-15));
        assertThat(Disagreement.selfConsistency(new long[] {2, 1})).isCloseTo(1.0 / 3, within(1e-15));
    }

    @Test
    void identitiesBetweenTheVersions() {
        for (long n0 = 0; n0 < 20; n0++) {
            for (long n1 = 0; n1 < 20; n1++) {
                long m = n0 + n1;
                if (m < 2) {
                    continue;
                }
                // unbiased = 2·P(h ≠ h'); plug-in = unbiased · (m − 1)/m.
                assertThat(Disagreement.unbiased(n0, n1)).isCloseTo(2 * Disagreement.pairwiseProbability(new long[] {n0, n1}),
                        within(1e-12));
                assertThat(Disagreement.plugIn(n0, n1)).isCloseTo(Disagreement.unbiased(n0, n1) * (m - 1) / m, within(1e-12));
            }
        }
        assertThat(Disagreement.pairwiseProbability(new long[] {5, 0, 0})).isEqualTo(0.0);
        assertThat(Disagreement.unbiased(1, 0)).isNaN();
    }
}
