package dev.rashomon.info;

/**
 * The hypergeometric probability mass function, accurate to about 1e-13 relative even when the
 * population is in the billions.
 *
 * <p>Computing it as a difference of log-factorials (as scikit-learn's {@code gammaln} does) loses
 * about {@code log10(ln N!)} digits to cancellation. Instead this uses Loader's saddle-point
 * expansion (C. Loader, "Fast and Accurate Computation of Binomial Probabilities", 2000; the
 * method of R's {@code dbinom}/{@code dhyper}): {@code P = b(x; r, p) · b(n−x; N−r, p) / b(n; N, p)}
 * with {@code p = n/N}, each binomial term from Stirling's remainder and the deviance {@code bd0}.
 */
public final class Hypergeometric {
    private static final double LN_2PI = Math.log(2 * Math.PI);
    private static final int EXACT_STIRLING_ERRORS = 16;
    private static final double[] STIRLING_ERRORS = new double[EXACT_STIRLING_ERRORS];

    static {
        // ln n! − ln(√(2πn)·(n/e)^n) for small n, where the series converges slowly; n! is exact
        // in a long up to 15!, so one rounding of the logarithm is the only error.
        long factorial = 1;
        for (int n = 1; n < EXACT_STIRLING_ERRORS; n++) {
            factorial *= n;
            STIRLING_ERRORS[n] = Math.log(factorial) - (0.5 * Math.log(2 * Math.PI * n) + n * Math.log(n) - n);
        }
    }

    private Hypergeometric() {
    }

    /**
     * P(X = x) for X the number of marked items in a sample of {@code draws} items taken without
     * replacement from a population of {@code population} items of which {@code marked} are marked.
     */
    public static double pmf(long x, long population, long marked, long draws) {
        long unmarked = population - marked;
        if (x < 0 || x > draws || x > marked || draws - x > unmarked) {
            return 0.0;
        }
        if (draws == 0) {
            return x == 0 ? 1.0 : 0.0;
        }
        double p = (double) draws / population;
        double q = (double) (population - draws) / population;
        double log = logBinomialPmf(x, marked, p, q)
                + logBinomialPmf(draws - x, unmarked, p, q)
                - logBinomialPmf(draws, population, p, q);
        return Math.exp(log);
    }

    /** ln of the binomial pmf b(x; n, p), q = 1 − p given separately to keep its precision. */
    static double logBinomialPmf(long x, long n, double p, double q) {
        if (p == 0) {
            return x == 0 ? 0.0 : Double.NEGATIVE_INFINITY;
        }
        if (q == 0) {
            return x == n ? 0.0 : Double.NEGATIVE_INFINITY;
        }
        if (x == 0) {
            return n == 0 ? 0.0 : (p < 0.1 ? -deviance(n, n * q) - n * p : n * Math.log(q));
        }
        if (x == n) {
            return q < 0.1 ? -deviance(n, n * p) - n * q : n * Math.log(p);
        }
        double lc = stirlingError(n) - stirlingError(x) - stirlingError(n - x)
                - deviance(x, n * p) - deviance(n - x, n * q);
        double lf = LN_2PI + Math.log(x) + Math.log1p(-(double) x / n);
        return lc - 0.5 * lf;
    }

    /** ln n! − ln(√(2πn)·(n/e)^n). */
    static double stirlingError(long n) {
        if (n < EXACT_STIRLING_ERRORS) {
            return STIRLING_ERRORS[(int) n];
        }
        final double s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680, s4 = 1.0 / 1188;
        double nd = n;
        double nn = nd * nd;
        if (n > 500) {
            return (s0 - s1 / nn) / nd;
        }
        if (n > 80) {
            return (s0 - (s1 - s2 / nn) / nn) / nd;
        }
        if (n > 35) {
            return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / nd;
        }
        return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / nd;
    }

    /** The deviance term x·ln(x/np) + np − x, by its series where the direct form cancels. */
    static double deviance(double x, double np) {
        if (Math.abs(x - np) < 0.1 * (x + np)) {
            double v = (x - np) / (x + np);
            double s = (x - np) * v;
            double ej = 2 * x * v;
            v = v * v;
            for (int j = 1; j < 1000; j++) {
                ej *= v;
                double s1 = s + ej / (2 * j + 1);
                if (s1 == s) {
                    return s1;
                }
                s = s1;
            }
            return s;
        }
        return x * Math.log(x / np) + np - x;
    }
}
