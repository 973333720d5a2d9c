package dev.rashomon.outrank.compat;

import dev.rashomon.info.CountHistogram;
import dev.rashomon.info.ExpectedMutualInformation;
import java.util.HashMap;
import java.util.Map;

/**
 * OutRank's {@code MI} and {@code AMI} heuristics: scikit-learn's {@code mutual_info_score} and
 * {@code adjusted_mutual_info_score} of two code vectors, with scikit-learn's arithmetic (per-cell
 * terms below machine epsilon set to 0, NumPy's pairwise sum in scipy's cell order, clip at 0).
 */
final class SklearnScores {
    private static final double EPS = Math.ulp(1.0);

    private SklearnScores() {
    }

    /**
     * A contingency table of two code vectors and its marginals; cells in the order scipy's
     * {@code sp.find} returns them after {@code sum_duplicates} (column-major: lexsort by (row, col)).
     */
    private record Table(long[] cellRows, int[] cellA, int[] cellB, long[] aTotals, long[] bTotals, int n) {
        static Table of(int[] a, int ka, int[] b, int kb) {
            long[] aTotals = new long[ka];
            long[] bTotals = new long[kb];
            Map<Long, long[]> cells = new HashMap<>();
            for (int i = 0; i < a.length; i++) {
                aTotals[a[i]]++;
                bTotals[b[i]]++;
                cells.computeIfAbsent((long) b[i] * ka + a[i], k -> new long[1])[0]++;
            }
            long[] keys = cells.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
            long[] counts = new long[keys.length];
            int[] cellA = new int[keys.length];
            int[] cellB = new int[keys.length];
            for (int k = 0; k < keys.length; k++) {
                counts[k] = cells.get(keys[k])[0];
                cellB[k] = (int) (keys[k] / ka);
                cellA[k] = (int) (keys[k] % ka);
            }
            return new Table(counts, cellA, cellB, aTotals, bTotals, a.length);
        }
    }

    static double mutualInformation(int[] a, int ka, int[] b, int kb) {
        int[] codesA = withMissingCategory(a, ka);
        int[] codesB = withMissingCategory(b, kb);
        int categoriesA = categories(codesA, ka);
        int categoriesB = categories(codesB, kb);
        return mutualInformation(Table.of(codesA, categoriesA, codesB, categoriesB), categoriesA, categoriesB);
    }

    /** scikit-learn sees a missing value (code −1) as one more label: give it the code after the others. */
    private static int[] withMissingCategory(int[] codes, int categories) {
        int[] out = codes.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] < 0) {
                out[i] = categories;
            }
        }
        return out;
    }

    private static int categories(int[] codes, int categories) {
        for (int code : codes) {
            if (code == categories) {
                return categories + 1;
            }
        }
        return categories;
    }

    private static double mutualInformation(Table t, int ka, int kb) {
        if (ka == 1 || kb == 1) {
            return 0.0;
        }
        double logN = Math.log(t.n());
        double[] terms = new double[t.cellRows().length];
        for (int k = 0; k < terms.length; k++) {
            double share = (double) t.cellRows()[k] / t.n();
            double logOuter = -Math.log((double) (t.aTotals()[t.cellA()[k]] * t.bTotals()[t.cellB()[k]])) + logN + logN;
            double term = share * (Math.log(t.cellRows()[k]) - logN) + share * logOuter;
            terms[k] = Math.abs(term) < EPS ? 0.0 : term;
        }
        return Math.max(0.0, PythonFormat.numpySum(terms));
    }

    static double adjustedMutualInformation(int[] a0, int ka0, int[] b0, int kb0) {
        int[] a = withMissingCategory(a0, ka0);
        int[] b = withMissingCategory(b0, kb0);
        int ka = categories(a, ka0);
        int kb = categories(b, kb0);
        if (ka == kb && (ka == 1 || ka == 0)) {
            return 1.0;
        }
        Table t = Table.of(a, ka, b, kb);
        double mi = mutualInformation(t, ka, kb);
        CountHistogram bHistogram = new CountHistogram();
        for (long total : t.bTotals()) {
            bHistogram.add(total, 1);
        }
        double emi = ExpectedMutualInformation.compute(t.aTotals(), bHistogram);
        double mean = (entropy(t.aTotals(), t.n()) + entropy(t.bTotals(), t.n())) / 2;
        double denominator = mean - emi;
        denominator = denominator < 0 ? Math.min(denominator, -EPS) : Math.max(denominator, EPS);
        return (mi - emi) / denominator;
    }

    /** scikit-learn's {@code entropy(labels)}: −Σ p (ln n_i − ln N). */
    private static double entropy(long[] totals, int n) {
        if (totals.length == 1) {
            return 0.0;
        }
        double logN = Math.log(n);
        double[] terms = new double[totals.length];
        for (int i = 0; i < totals.length; i++) {
            terms[i] = ((double) totals[i] / n) * (Math.log(totals[i]) - logN);
        }
        return -PythonFormat.numpySum(terms);
    }
}
