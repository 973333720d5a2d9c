package dev.rashomon.multiplicity;

/**
 * How much the members' decisions on one row disagree, from the counts of each decided class
 * (reference 2.7). With m members and n_k of them deciding class k:
 * <ul>
 *   <li>pairwise disagreement probability P(h ≠ h') = 1 − Σ_k n_k(n_k − 1) / (m(m − 1)), the
 *       U-statistic over distinct pairs; self-consistency is 1 minus it (Cooper et al. 2024);</li>
 *   <li>binary, μ = n_1/m: plug-in disagreement 4μ(1 − μ) (biased down by (m − 1)/m), and the
 *       unbiased 4·Var(ddof 1) = 4·n_0·n_1 / (m(m − 1)) = 2·P(h ≠ h'), which can exceed 1.</li>
 * </ul>
 * All are undefined (NaN) for fewer than two members where they divide by m − 1.
 */
public final class Disagreement {
    private Disagreement() {
    }

    // Each is one division of exact integer counts, so μ and 1 − μ never round apart and equal
    // counts give bit-equal values (top-k cuts compare them with ≥).

    public static double pairwiseProbability(long[] classCounts) {
        long m = total(classCounts);
        return m < 2 ? Double.NaN : (double) (m * (m - 1) - samePairs(classCounts)) / ((double) m * (m - 1));
    }

    public static double selfConsistency(long[] classCounts) {
        long m = total(classCounts);
        return m < 2 ? Double.NaN : (double) samePairs(classCounts) / ((double) m * (m - 1));
    }

    /** 4μ(1 − μ) with μ = n1/m, as 4·n0·n1/m². */
    public static double plugIn(long negatives, long positives) {
        long m = negatives + positives;
        return m == 0 ? Double.NaN : 4.0 * negatives * positives / ((double) m * m);
    }

    private static long total(long[] classCounts) {
        long m = 0;
        for (long n : classCounts) {
            m += n;
        }
        return m;
    }

    /** Ordered pairs of distinct members that decide alike: Σ n_k(n_k − 1). */
    private static long samePairs(long[] classCounts) {
        long same = 0;
        for (long n : classCounts) {
            same += n * (n - 1);
        }
        return same;
    }

    public static double unbiased(long negatives, long positives) {
        long m = negatives + positives;
        return m < 2 ? Double.NaN : 4.0 * negatives * positives / ((double) m * (m - 1));
    }
}
