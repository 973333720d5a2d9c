package dev.rashomon.multiplicity;

import dev.rashomon.info.ExactSum;
import java.io.Serializable;
import java.util.List;

/**
 * How one measure is distributed over rows, from its {@link SortedCounts}: mean, standard deviation, min, max,
 * quantiles, top-k% means and how many rows reach given thresholds. The mean and the (population) standard
 * deviation come from exact sums of the values and their squares, each distinct value times its rows.
 *
 * <p>Quantiles interpolate linearly between order statistics (numpy's default): at position (n − 1)·q, as
 * Spark's exact {@code percentile}, which this replaced, computes them (the same expression, so the same bits).
 * The top-k% mean averages the rows at or above the (1 − k) quantile, as the dropout-exploration code's
 * {@code quantile_mean}, from exact sums.
 *
 * @param rows how many rows have the measure
 * @param mean over the rows, rounded once from the exact sum
 * @param standardDeviation population (ddof 0), from the exact sums as {@link ExactSum#standardDeviation}
 * @param quantiles at {@link SummaryTables#QUANTILES}
 * @param topMeans at {@link SummaryTables#TOP}; NaN when no row reaches the cut
 * @param atLeast for each given threshold, the rows whose value is ≥ it
 */
record Distribution(long rows, double mean, double standardDeviation, double min, double max, double[] quantiles,
                    double[] topMeans, long[] atLeast) implements Serializable {

    static Distribution of(SortedCounts values, double[] thresholds) {
        return of(List.of(values), thresholds);
    }

    /**
     * From the parts of several tasks, as if their values were one sorted list: order statistics are found by
     * bisecting the values' order ({@link SortedCounts#orderKey}) and counting each part's rows below, and sums
     * over a part's tail are exact, so no merged copy is made and the figures do not depend on the split.
     */
    static Distribution of(List<SortedCounts> parts, double[] thresholds) {
        long rows = 0;
        long minKey = Long.MAX_VALUE;
        long maxKey = Long.MIN_VALUE;
        for (SortedCounts part : parts) {
            rows += part.rows();
            minKey = Math.min(minKey, SortedCounts.orderKey(part.values[0]));
            maxKey = Math.max(maxKey, SortedCounts.orderKey(part.values[part.distinct() - 1]));
        }
        double[] quantiles = new double[SummaryTables.QUANTILES.length];
        for (int q = 0; q < quantiles.length; q++) {
            quantiles[q] = quantile(parts, rows, minKey, maxKey, SummaryTables.QUANTILES[q]);
        }
        double[] topMeans = new double[SummaryTables.TOP.length];
        for (int t = 0; t < topMeans.length; t++) {
            double cut = quantiles[SummaryTables.TOP_QUANTILE[t]];
            FixedPointSum tail = new FixedPointSum();
            long count = 0;
            for (SortedCounts part : parts) {
                int from = part.firstAtLeast(cut);
                for (int i = from; i < part.distinct(); i++) {
                    tail.addTimes(part.values[i], part.count(i));
                }
                count += part.rows() - part.rowsBefore(from);
            }
            topMeans[t] = tail.toExactSum().mean(count);
        }
        FixedPointSum sum = new FixedPointSum();
        FixedPointSum squares = new FixedPointSum();
        for (SortedCounts part : parts) {
            for (int i = 0; i < part.distinct(); i++) {
                sum.addTimes(part.values[i], part.count(i));
                squares.addSquareTimes(part.values[i], part.count(i));
            }
        }
        ExactSum exactSum = sum.toExactSum();
        long[] atLeast = new long[thresholds.length];
        for (int d = 0; d < thresholds.length; d++) {
            for (SortedCounts part : parts) {
                atLeast[d] += part.rows() - part.rowsBefore(part.firstAtLeast(thresholds[d]));
            }
        }
        double standardDeviation = ExactSum.standardDeviation(exactSum, squares.toExactSum(), rows, 0);
        return new Distribution(rows, exactSum.mean(rows), standardDeviation, SortedCounts.ofOrderKey(minKey),
                SortedCounts.ofOrderKey(maxKey), quantiles, topMeans, atLeast);
    }

    /** Spark's (Hive's) exact percentile: linear between the order statistics around (rows − 1)·q. */
    private static double quantile(List<SortedCounts> parts, long rows, long minKey, long maxKey, double q) {
        double position = (rows - 1) * q;
        long lower = (long) Math.floor(position);
        long higher = (long) Math.ceil(position);
        double low = valueOfRank(parts, lower + 1, minKey, maxKey);
        if (higher == lower) {
            return low;
        }
        double high = valueOfRank(parts, higher + 1, minKey, maxKey);
        if (high == low) {
            return low;
        }
        return (higher - position) * low + (position - lower) * high;
    }

    /** The {@code rank}-th smallest value (from 1) of all parts: the smallest order key with that many rows at or below. */
    private static double valueOfRank(List<SortedCounts> parts, long rank, long minKey, long maxKey) {
        long low = minKey;
        long high = maxKey;
        while (low < high) {
            long mid = low + ((high - low) >>> 1); // the span fits in 64 unsigned bits
            long atMost = 0;
            for (SortedCounts part : parts) {
                atMost += part.rowsAtMost(mid);
            }
            if (atMost >= rank) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return SortedCounts.ofOrderKey(low);
    }
}
