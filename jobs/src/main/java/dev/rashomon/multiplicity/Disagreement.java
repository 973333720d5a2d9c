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

    public static double pairwiseProbability(long[] classCounts) {
        long m = 0;
        double same = 0;
        for (long n : classCounts) {
            m += n;
            same += (double) n * (n - 1);
        }
        return m < 2 ? Double.NaN : 1 - same / ((double) m * (m - 1));
    }

    public static double selfConsistency(long[] classCounts) {
        return 1 - pairwiseProbability(classCounts);
    }

    public static double plugIn(long negatives, long positives) {
        long m = negatives + positives;
        if (m == 0) {
            return Double.NaN;
        }
        double mu = (double) positives / m;
        return 4 * mu * (1 - mu);
    }

    public static double unbiased(long negatives, long positives) {
        long m = negatives + positives;
        return m < 2 ? Double.NaN : 4.0 * negatives * positives / ((double) m * (m - 1));
    }
}
