package dev.rashomon.multiplicity;

import dev.rashomon.info.ExactSum;
import java.io.Serializable;
import java.util.Arrays;

/**
 * How one measure is distributed over rows, from its {@link SortedCounts}: min, max, quantiles, top-k% means and
 * how many rows reach given thresholds.
 *
 * <p>Quantiles interpolate linearly between order statistics (numpy's default): at position (n − 1)·q, as
 * Spark's exact {@code percentile}, which this replaced, computes them (the same expression, so the same bits).
 * The top-k% mean averages the rows at or above the (1 − k) quantile, as the dropout-exploration code's
 * {@code quantile_mean}, from exact sums.
 *
 * @param rows how many rows have the measure
 * @param quantiles at {@link SummaryTables#QUANTILES}
 * @param topMeans at {@link SummaryTables#TOP}; NaN when no row reaches the cut
 * @param atLeast for each given threshold, the rows whose value is ≥ it
 */
record Distribution(long rows, double min, double max, double[] quantiles, double[] topMeans, long[] atLeast)
        implements Serializable {

    static Distribution of(SortedCounts values, double[] thresholds) {
        int distinct = values.distinct();
        long[] cumulative = new long[distinct];
        long running = 0;
        for (int i = 0; i < distinct; i++) {
            running += values.count(i);
            cumulative[i] = running;
        }
        double[] quantiles = new double[SummaryTables.QUANTILES.length];
        for (int q = 0; q < quantiles.length; q++) {
            quantiles[q] = quantile(values.values, cumulative, SummaryTables.QUANTILES[q]);
        }
        double[] topMeans = new double[SummaryTables.TOP.length];
        for (int t = 0; t < topMeans.length; t++) {
            int from = firstAtLeast(values.values, quantiles[SummaryTables.TOP_QUANTILE[t]]);
            ExactSum sum = new ExactSum();
            for (int i = from; i < distinct; i++) {
                addTimes(sum, values.values[i], values.count(i));
            }
            topMeans[t] = sum.mean(rowsFrom(cumulative, from));
        }
        long[] atLeast = new long[thresholds.length];
        for (int d = 0; d < thresholds.length; d++) {
            atLeast[d] = rowsFrom(cumulative, firstAtLeast(values.values, thresholds[d]));
        }
        return new Distribution(running, values.values[0], values.values[distinct - 1], quantiles, topMeans, atLeast);
    }

    /** Spark's (Hive's) exact percentile over the accumulated counts of the sorted distinct values. */
    private static double quantile(double[] values, long[] cumulative, double q) {
        double position = (cumulative[cumulative.length - 1] - 1) * q;
        long lower = (long) Math.floor(position);
        long higher = (long) Math.ceil(position);
        int lowerIndex = indexOfRank(cumulative, lower + 1);
        if (higher == lower) {
            return values[lowerIndex];
        }
        int higherIndex = indexOfRank(cumulative, higher + 1);
        if (values[higherIndex] == values[lowerIndex]) {
            return values[lowerIndex];
        }
        return (higher - position) * values[lowerIndex] + (position - lower) * values[higherIndex];
    }

    /** The index of the first distinct value whose accumulated count reaches {@code rank}. */
    private static int indexOfRank(long[] cumulative, long rank) {
        int at = Arrays.binarySearch(cumulative, rank);
        return at < 0 ? -(at + 1) : at;
    }

    /** The index of the first value ≥ {@code threshold}; the length if none (and for a NaN threshold). */
    private static int firstAtLeast(double[] values, double threshold) {
        int low = 0;
        int high = values.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (values[mid] >= threshold) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return Double.isNaN(threshold) ? values.length : low;
    }

    private static long rowsFrom(long[] cumulative, int from) {
        return cumulative[cumulative.length - 1] - (from == 0 ? 0 : cumulative[from - 1]);
    }

    /**
     * Adds value × count exactly: the rounded product and its rounding error (by fused multiply-add; the count is
     * an integer below 2^53, so both are exact unless the error would underflow, where the value is added count times).
     */
    private static void addTimes(ExactSum sum, double value, long count) {
        if (count == 1) {
            sum.add(value);
            return;
        }
        if (Math.abs(value) < 0x1p-900) {
            for (long i = 0; i < count; i++) {
                sum.add(value);
            }
            return;
        }
        double product = value * count;
        sum.add(product);
        sum.add(Math.fma(value, (double) count, -product));
    }
}
