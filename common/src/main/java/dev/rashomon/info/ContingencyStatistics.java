package dev.rashomon.info;

/**
 * Entropies and mutual information of a feature F and a label Y, from the count histograms of a
 * contingency table n(value, class) (natural logarithm, nats):
 *
 * <pre>
 * H(F)   = ln N − Σ_v n_v ln n_v / N
 * H(Y)   = ln N − Σ_c n_c ln n_c / N
 * H(F,Y) = ln N − Σ_vc n_vc ln n_vc / N
 * MI     = H(F) + H(Y) − H(F,Y)
 * </pre>
 *
 * Every Σ n ln n is a sum over a histogram in ascending count order, so the results are the same
 * bit for bit however the counts were partitioned, ordered or merged.
 *
 * @param rows N
 * @param featureEntropy H(F)
 * @param labelEntropy H(Y)
 * @param jointEntropy H(F,Y)
 * @param mutualInformation MI, clipped at 0 like scikit-learn's {@code mutual_info_score}
 */
public record ContingencyStatistics(long rows, double featureEntropy, double labelEntropy,
                                    double jointEntropy, double mutualInformation) {

    /**
     * @param valueCounts histogram of the value totals n_v (every category of F, missing included)
     * @param classCounts histogram of the class totals n_c
     * @param cellCounts histogram of the non-zero cells n_vc
     */
    public static ContingencyStatistics of(CountHistogram valueCounts, CountHistogram classCounts,
                                           CountHistogram cellCounts) {
        long rows = valueCounts.total();
        if (rows == 0) {
            return new ContingencyStatistics(0, 0, 0, 0, 0);
        }
        double logN = Math.log(rows);
        double values = valueCounts.sumCountLogCount();
        double classes = classCounts.sumCountLogCount();
        double cells = cellCounts.sumCountLogCount();
        double hf = valueCounts.items() == 1 ? 0.0 : logN - values / rows;
        double hy = classCounts.items() == 1 ? 0.0 : logN - classes / rows;
        double hfy = logN - cells / rows;
        double mi = (valueCounts.items() == 1 || classCounts.items() == 1)
                ? 0.0
                : (cells - values - classes) / rows + logN;
        return new ContingencyStatistics(rows, hf, hy, hfy, Math.max(0.0, mi));
    }

    /** H = ln N − Σ n ln n / N of a histogram of category totals (0 for a single category). */
    public static double entropy(CountHistogram totals) {
        long rows = totals.total();
        if (totals.items() <= 1) {
            return 0.0;
        }
        return Math.log(rows) - totals.sumCountLogCount() / rows;
    }

    /**
     * MI by its definition Σ_vc n_vc/N · ln(N·n_vc / (n_v·n_c)), straight from a dense table
     * {@code table[value][class]}; for tests and small tables.
     */
    public static double mutualInformationOfTable(long[][] table) {
        long rows = 0;
        long[] valueTotals = new long[table.length];
        long[] classTotals = new long[table.length == 0 ? 0 : table[0].length];
        for (int v = 0; v < table.length; v++) {
            for (int c = 0; c < table[v].length; c++) {
                valueTotals[v] += table[v][c];
                classTotals[c] += table[v][c];
                rows += table[v][c];
            }
        }
        CompensatedSum mi = new CompensatedSum();
        for (int v = 0; v < table.length; v++) {
            for (int c = 0; c < table[v].length; c++) {
                long n = table[v][c];
                if (n > 0) {
                    mi.add((double) n / rows * Math.log((double) rows * n / ((double) valueTotals[v] * classTotals[c])));
                }
            }
        }
        return mi.value();
    }
}
