package dev.rashomon.info;

/**
 * Expected mutual information of two categorical variables under the permutation (hypergeometric)
 * null with fixed marginals (Vinh, Epps and Bailey, JMLR 2010, eq. 24; scikit-learn's
 * {@code expected_mutual_information}):
 *
 * <pre>
 * EMI = Σ_i Σ_j Σ_k  k/N · ln(N·k / (a_i·b_j)) · P(k | N, a_i, b_j)
 * </pre>
 *
 * with a_i the class totals, b_j the value totals and P hypergeometric. The sum over values j
 * depends on a value only through its count, so values with equal counts share their terms: the
 * work is (classes × distinct value counts × the width of each hypergeometric), not
 * (classes × values × counts), which makes features with 10^7 values cheap.
 *
 * <p>The inner sum starts at the mode of the hypergeometric and walks outwards with the ratio of
 * successive probabilities; it stops when a geometric bound on the rest of the tail is below
 * 1e-20 (every weight is at most ln N, so the omitted mass is far below one ulp of the result).
 *
 * <p>The weight ln(N·k/(a·b)) is taken as log1p((N·k − a·b)/(a·b)) with the difference exact in
 * 128 bits: near the mean, where the mass is, it is tiny, and ln N + ln k − ln a − ln b would
 * leave it a few correct digits once N is in the billions (EMI of 2^44 rows was 4% off).
 */
public final class ExpectedMutualInformation {
    private static final double TAIL_TOLERANCE = 1e-20;

    private ExpectedMutualInformation() {
    }

    /**
     * @param classTotals a_i, the row count of each class (every entry positive)
     * @param valueCounts how many values have each count b_j (the histogram of value totals)
     */
    public static double compute(long[] classTotals, CountHistogram valueCounts) {
        long n = 0;
        for (long a : classTotals) {
            n += a;
        }
        CompensatedSum emi = new CompensatedSum();
        for (long b : valueCounts.sortedCounts()) {
            long multiplicity = valueCounts.multiplicity(b);
            for (long a : classTotals) {
                emi.add(multiplicity * cellExpectation(n, a, b));
            }
        }
        return emi.value();
    }

    /**
     * EMI of two variables given only the histograms of their category totals (both sides grouped
     * by count): for the feature–feature redundancy of two features with many values each.
     */
    public static double compute(CountHistogram first, CountHistogram second) {
        long n = first.total();
        CompensatedSum emi = new CompensatedSum();
        for (long a : first.sortedCounts()) {
            long aMultiplicity = first.multiplicity(a);
            for (long b : second.sortedCounts()) {
                emi.add((double) aMultiplicity * second.multiplicity(b) * cellExpectation(n, a, b));
            }
        }
        return emi.value();
    }

    /** Σ_k k/N · ln(N·k/(a·b)) · P(k | N, a, b) for one (class, value) cell. */
    static double cellExpectation(long n, long a, long b) {
        long lo = Math.max(1, a + b - n);
        long hi = Math.min(a, b);
        if (lo > hi) {
            return 0.0;
        }
        long mode = (long) Math.floor((double) (a + 1) * (b + 1) / (n + 2));
        mode = Math.max(lo, Math.min(hi, mode));
        double ab = (double) a * b;
        CompensatedSum sum = new CompensatedSum();

        double atMode = Hypergeometric.pmf(mode, n, a, b);
        double p = atMode;
        for (long k = mode; k <= hi; k++) {
            sum.add(term(k, n, a, b, ab, p));
            if (k == hi) {
                break;
            }
            double ratio = (double) (a - k) * (b - k) / ((double) (k + 1) * (n - a - b + k + 1));
            p *= ratio;
            if (ratio < 1 && p / (1 - ratio) < TAIL_TOLERANCE) {
                break;
            }
        }
        p = atMode;
        for (long k = mode; k > lo; k--) {
            double ratio = (double) k * (n - a - b + k) / ((double) (a - k + 1) * (b - k + 1));
            p *= ratio;
            sum.add(term(k - 1, n, a, b, ab, p));
            if (ratio < 1 && p * ratio / (1 - ratio) < TAIL_TOLERANCE) {
                break;
            }
        }
        return sum.value();
    }

    private static double term(long k, long n, long a, long b, double ab, double probability) {
        return (double) k / n * Math.log1p(productDifference(n, k, a, b) / ab) * probability;
    }

    /** x·y − u·v for non-negative longs, exact in 128 bits, then rounded once to a double. */
    static double productDifference(long x, long y, long u, long v) {
        long low = x * y - u * v;
        long high = Math.multiplyHigh(x, y) - Math.multiplyHigh(u, v)
                - (Long.compareUnsigned(x * y, u * v) < 0 ? 1 : 0);
        if (high == (low >> 63)) {
            return low; // fits in a long
        }
        return high * 0x1p64 + ((double) (low >>> 1) * 2 + (low & 1));
    }
}
