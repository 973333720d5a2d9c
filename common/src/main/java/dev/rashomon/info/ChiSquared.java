package dev.rashomon.info;

import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;

/** The chi-squared distribution's upper tail, for the G-test of independence. */
public final class ChiSquared {
    /**
     * Above this many degrees of freedom the Wilson–Hilferty approximation is used. The incomplete
     * gamma function's series needs about 8·√df terms (it gives up beyond 100,000 from df ≈ 10^9)
     * and its prefactor e^(−x + a ln x − ln Γ(a)) cancels to 3 digits at df = 2^40, while the
     * approximation's error falls as 1/df (at df = 10^7 within 1e-5 relative out to 6 standard
     * deviations, checked in the tests).
     */
    static final long WILSON_HILFERTY_DEGREES = 10_000_000L;

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
        if (degreesOfFreedom > WILSON_HILFERTY_DEGREES) {
            return wilsonHilferty(statistic, degreesOfFreedom);
        }
        return Gamma.regularizedGammaQ(degreesOfFreedom / 2.0, statistic / 2.0, 1e-15, 100_000);
    }

    /**
     * (X/k)^(1/3) is nearly normal with mean 1 − 2/(9k) and variance 2/(9k) (Wilson and Hilferty,
     * PNAS 1931); the tail from erfc keeps its relative precision far out.
     */
    static double wilsonHilferty(double statistic, long degreesOfFreedom) {
        double k = degreesOfFreedom;
        double variance = 2 / (9 * k);
        double z = (Math.cbrt(statistic / k) - (1 - variance)) / Math.sqrt(variance);
        return 0.5 * Erf.erfc(z / Math.sqrt(2));
    }
}
