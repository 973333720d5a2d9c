package dev.rashomon.info;

import org.apache.commons.math3.special.Gamma;

/** The chi-squared distribution's upper tail, for the G-test of independence. */
public final class ChiSquared {
    private ChiSquared() {
    }

    /** P(X ≥ statistic) for X ~ χ²(degreesOfFreedom); 1 when there are no degrees of freedom. */
    public static double survival(double statistic, long degreesOfFreedom) {
        if (degreesOfFreedom <= 0) {
            return 1.0;
        }
        if (statistic <= 0) {
            return 1.0;
        }
        return Gamma.regularizedGammaQ(degreesOfFreedom / 2.0, statistic / 2.0, 1e-15, 100_000);
    }
}
