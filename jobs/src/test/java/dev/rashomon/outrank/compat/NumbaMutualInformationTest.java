package dev.rashomon.outrank.compat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** OutRank's numba estimator on cases worked out by hand from reference section 5.1. */
class NumbaMutualInformationTest {

    @Test
    void plainMutualInformationWhenTheCorrectionIsOff() {
        // X = Y: the diagonal rule switches the correction off; the score is H(Y) − H(Y|X) = H(Y).
        int[] codes = {0, 0, 1, 1, 1, 2};
        double hy = -(2.0 / 6 * Math.log(2.0 / 6) * 1 + 3.0 / 6 * Math.log(3.0 / 6) + 1.0 / 6 * Math.log(1.0 / 6));
        // Groups 0 and 1 are pure (T = 0); group 2 has one row and is skipped.
        assertThat(NumbaMutualInformation.estimate(codes, 3, codes, 3, true)).isEqualTo((float) hy);
    }

    @Test
    void shiftedBackgroundAndFloat32Terms() {
        // n = 4, X = [0, 0, 1, 1], Y = [1, 1, 0, 1]: Σ(X − Y) = −1, so the correction is on.
        // Group 0 (rows 0, 1; p = 0.5): Y = {1, 1}, T = 0; shifted rows (i + 2) mod 4 = 2, 3 have
        // Y = {0, 1}: T' = −0.5·2·(½ ln ½) = ½ ln 2. Group 1 (rows 2, 3): Y = {0, 1}, T = ½ ln 2;
        // shifted rows 0, 1 have Y = {1, 1}: T' = 0. Score = (½ ln 2 + 0) − (0 + ½ ln 2) = 0.
        int[] x = {0, 0, 1, 1};
        int[] y = {1, 1, 0, 1};
        float half = (float) (0.5 * Math.log(2));
        assertThat(NumbaMutualInformation.estimate(y, 2, x, 2, true)).isEqualTo((float) (((double) half) - ((double) half)));
    }

    @Test
    void missingCodesWrapToTheLargestGroupAsOutRankCountsThem() {
        // X = [0, 1, 1, −1]: the −1 row counts as one more row of group 1 (size 3), but no row of it
        // is found by value. Y = [0, 0, 1, 1]; Σ(X − Y) = 0 + 1 + 0 − 2 = −1: corrected.
        // Group 0 has one row: skipped. Group 1: p = float32(3/4); rows 1, 2 have Y = 0, 1:
        // q = 1/3 each (over 3): T = −0.75·2·(⅓ ln ⅓) = ½ ln 3. Shifted by 3: rows 0 and 1 (5 mod 4),
        // Y = 0, 0: q(0) = 2/3: T' = −0.75·(⅔ ln ⅔) = ½ ln 1.5.
        int[] x = {0, 1, 1, -1};
        int[] y = {0, 0, 1, 1};
        float t = (float) (-(double) 0.75f * (1.0 / 3) * Math.log(1.0 / 3) * 2);
        float tShifted = (float) (-(double) 0.75f * (2.0 / 3) * Math.log(2.0 / 3));
        assertThat(NumbaMutualInformation.estimate(y, 2, x, 2, true)).isEqualTo((float) (-(double) t + (double) tShifted));
        assertThat((double) t).isCloseTo(0.5 * Math.log(3), org.assertj.core.api.Assertions.within(1e-7));
    }
}
