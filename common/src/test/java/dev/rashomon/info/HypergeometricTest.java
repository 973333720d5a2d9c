package dev.rashomon.info;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HypergeometricTest {
    private static final MathContext PRECISE = new MathContext(50);
    private static final double RELATIVE = 1e-13;

    @ParameterizedTest(name = "N={0} K={1} n={2}")
    @CsvSource({
            "10, 4, 3", "20, 10, 10", "50, 1, 7", "100, 30, 40", "1000, 1, 1", "1000, 999, 500",
            "1000, 500, 500", "2500, 100, 2400", "4999, 1234, 3210", "5000, 2500, 2500",
            "5000, 17, 4000", "5000, 4990, 20", "5000, 1, 4999"})
    void pmfMatchesExactRationalArithmeticOverTheWholeSupport(long population, long marked, long draws) {
        double[] exact = exactPmfs(population, marked, draws);
        BigDecimal total = BigDecimal.ZERO;
        for (int k = 0; k <= draws; k++) {
            double pmf = Hypergeometric.pmf(k, population, marked, draws);
            if (exact[k] > 1e-280) {
                assertThat(relativeError(pmf, exact[k])).as("k=%d", k).isLessThan(tolerance(exact[k]));
            } else {
                assertThat(pmf).as("k=%d", k).isLessThan(1e-270);
            }
            total = total.add(new BigDecimal(pmf));
        }
        assertThat(total.doubleValue()).isCloseTo(1.0, offset(1e-13));
    }

    @Test
    void smallCasesByHand() {
        // C(4,1)·C(6,2)/C(10,3) = 4·15/120
        assertThat(relativeError(Hypergeometric.pmf(1, 10, 4, 3), 0.5)).isLessThan(RELATIVE);
        // C(4,3)/C(10,3) = 4/120
        assertThat(relativeError(Hypergeometric.pmf(3, 10, 4, 3), 1.0 / 30)).isLessThan(RELATIVE);
        // C(6,3)/C(10,3) = 20/120
        assertThat(relativeError(Hypergeometric.pmf(0, 10, 4, 3), 1.0 / 6)).isLessThan(RELATIVE);
    }

    @Test
    void degenerateDistributionsPutAllMassOnOnePoint() {
        assertThat(Hypergeometric.pmf(0, 100, 0, 10)).isEqualTo(1.0);   // K = 0: nothing marked
        assertThat(Hypergeometric.pmf(0, 100, 30, 0)).isEqualTo(1.0);   // n = 0: nothing drawn
        assertThat(relativeError(Hypergeometric.pmf(30, 100, 30, 100), 1.0)).isLessThan(RELATIVE); // n = N
        assertThat(relativeError(Hypergeometric.pmf(10, 100, 100, 10), 1.0)).isLessThan(RELATIVE); // K = N
        assertThat(Hypergeometric.pmf(1, 100, 0, 10)).isEqualTo(0.0);
        assertThat(Hypergeometric.pmf(29, 100, 30, 100)).isEqualTo(0.0);
    }

    @Test
    void impossibleCountsHaveProbabilityZero() {
        assertThat(Hypergeometric.pmf(-1, 100, 30, 10)).isEqualTo(0.0);
        assertThat(Hypergeometric.pmf(11, 100, 30, 10)).isEqualTo(0.0);  // more than drawn
        assertThat(Hypergeometric.pmf(6, 100, 5, 10)).isEqualTo(0.0);    // more than marked
        assertThat(Hypergeometric.pmf(1, 100, 95, 10)).isEqualTo(0.0);   // needs 9 of only 5 unmarked
    }

    @Test
    void supportBoundsMatchExactValues() {
        // k = max(0, n+K−N) = 5: C(95,5)·C(5,5)/C(100,10)
        double[] exact = exactPmfs(100, 95, 10);
        assertThat(relativeError(Hypergeometric.pmf(5, 100, 95, 10), exact[5])).isLessThan(RELATIVE);
        // k = min(n, K) = 10: C(95,10)/C(100,10)
        assertThat(relativeError(Hypergeometric.pmf(10, 100, 95, 10), exact[10])).isLessThan(RELATIVE);
    }

    @Test
    void populationOfABillionMatchesAHighPrecisionReference() {
        long population = 1_000_000_000L, marked = 100_000_000L, draws = 100_000L;
        // mean nK/N = 10^4, sd = sqrt(n·0.1·0.9·(N−n)/(N−1)) ≈ 94.86
        for (long k : new long[] {10_000, 9_905, 10_095, 9_526, 10_474, 8_500, 11_500}) {
            double reference = productPmf(k, population, marked, draws);
            assertThat(relativeError(Hypergeometric.pmf(k, population, marked, draws), reference))
                    .as("k=%d", k).isLessThan(tolerance(reference));
        }
    }

    @Test
    void populationOfABillionSumsToOneAndIsSymmetricInMarkedAndDrawn() {
        long population = 1_000_000_000L, marked = 100_000_000L, draws = 100_000L;
        double sd = Math.sqrt(draws * 0.1 * 0.9 * (population - draws) / (population - 1.0));
        long lo = (long) Math.floor(10_000 - 40 * sd), hi = (long) Math.ceil(10_000 + 40 * sd);
        BigDecimal total = BigDecimal.ZERO;
        for (long k = lo; k <= hi; k++) {
            double pmf = Hypergeometric.pmf(k, population, marked, draws);
            total = total.add(new BigDecimal(pmf));
            // C(K,k)C(N−K,n−k)/C(N,n) = C(n,k)C(N−n,K−k)/C(N,K)
            double swapped = Hypergeometric.pmf(k, population, draws, marked);
            if (pmf > 1e-280) {
                assertThat(relativeError(swapped, pmf)).as("k=%d", k).isLessThan(tolerance(pmf));
            } else {
                assertThat(swapped).as("k=%d", k).isLessThan(1e-270);
            }
        }
        // beyond 40 sd the tails hold less than e^-800
        assertThat(total.doubleValue()).isCloseTo(1.0, offset(1e-12));
    }

    /** pmf(k) for every k in 0..n from exact binomial coefficients, each rounded once. */
    private static double[] exactPmfs(long population, long marked, long draws) {
        BigInteger[] markedRow = binomialRow(marked);
        BigInteger[] unmarkedRow = binomialRow(population - marked);
        BigDecimal all = new BigDecimal(binomialRow(population)[(int) draws]);
        double[] pmf = new double[(int) draws + 1];
        for (int k = 0; k <= draws; k++) {
            long rest = draws - k;
            if (k <= marked && rest <= population - marked) {
                BigInteger ways = markedRow[k].multiply(unmarkedRow[(int) rest]);
                pmf[k] = new BigDecimal(ways).divide(all, PRECISE).doubleValue();
            }
        }
        return pmf;
    }

    /** C(n,0..n) by C(n,k+1) = C(n,k)·(n−k)/(k+1), exact at every step. */
    private static BigInteger[] binomialRow(long n) {
        BigInteger[] row = new BigInteger[(int) n + 1];
        row[0] = BigInteger.ONE;
        for (int k = 0; k < n; k++) {
            row[k + 1] = row[k].multiply(BigInteger.valueOf(n - k)).divide(BigInteger.valueOf(k + 1));
        }
        return row;
    }

    /**
     * pmf(k) = C(n,k) · Π_{i<k} (K−i)/(N−i) · Π_{j<n−k} (N−K−j)/(N−k−j), the falling factorials of
     * C(K,k)C(N−K,n−k)/C(N,n) regrouped, multiplied out with 50 significant digits.
     */
    private static double productPmf(long k, long population, long marked, long draws) {
        BigDecimal numerator = new BigDecimal(binomialCoefficient(draws, k));
        BigDecimal denominator = BigDecimal.ONE;
        for (long i = 0; i < k; i++) {
            numerator = numerator.multiply(BigDecimal.valueOf(marked - i), PRECISE);
            denominator = denominator.multiply(BigDecimal.valueOf(population - i), PRECISE);
        }
        for (long j = 0; j < draws - k; j++) {
            numerator = numerator.multiply(BigDecimal.valueOf(population - marked - j), PRECISE);
            denominator = denominator.multiply(BigDecimal.valueOf(population - k - j), PRECISE);
        }
        return numerator.divide(denominator, PRECISE).doubleValue();
    }

    private static BigInteger binomialCoefficient(long n, long k) {
        BigInteger c = BigInteger.ONE;
        for (long i = 0; i < k; i++) {
            c = c.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        }
        return c;
    }

    /**
     * 1e-13 relative where the mass is. Further out pmf = exp(ln pmf), and exp turns an error of a
     * few ulps in a log of magnitude |ln p| into a relative error proportional to |ln p|; any
     * log-space method has this, and those terms weigh nothing in a sum.
     */
    private static double tolerance(double exact) {
        return exact >= 1e-12 ? RELATIVE : 1e-14 * -Math.log(exact);
    }

    private static double relativeError(double actual, double expected) {
        return Math.abs(actual - expected) / expected;
    }
}
