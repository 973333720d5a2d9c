package dev.rashomon.multiplicity;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The values of one measure over rows as a mergeable state: the distinct values in increasing order with how
 * often each occurs. Two states merge by a sorted merge, so the result is the same for any partitioning.
 * Measures that take few values (indicators, disagreement at a fixed set size) stay a few entries long.
 */
final class SortedCounts implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Distinct values, increasing (in {@link Double#compare} order). */
    final double[] values;
    /** How often each value occurs; null when every value occurs once (no repeats to store). */
    final long[] counts;

    private SortedCounts(double[] values, long[] counts) {
        this.values = values;
        this.counts = counts;
    }

    /** From the first {@code length} entries of {@code buffer}, which is sorted in place. */
    static SortedCounts of(double[] buffer, int length) {
        DoubleRadixSort.sort(buffer, length);
        int distinct = 0;
        for (int i = 0; i < length; i++) {
            if (i == 0 || !same(buffer[i], buffer[i - 1])) {
                distinct++;
            }
        }
        if (distinct == length) {
            return new SortedCounts(Arrays.copyOf(buffer, length), null);
        }
        double[] values = new double[distinct];
        long[] counts = new long[distinct];
        int d = -1;
        for (int i = 0; i < length; i++) {
            if (i == 0 || !same(buffer[i], buffer[i - 1])) {
                values[++d] = buffer[i];
            }
            counts[d]++;
        }
        return new SortedCounts(values, counts);
    }

    int distinct() {
        return values.length;
    }

    long count(int i) {
        return counts == null ? 1 : counts[i];
    }

    /** The union of two multisets of values. */
    SortedCounts merge(SortedCounts other) {
        double[] values = new double[this.values.length + other.values.length];
        long[] counts = new long[values.length];
        int i = 0;
        int j = 0;
        int d = 0;
        boolean repeats = this.counts != null || other.counts != null;
        while (i < this.values.length || j < other.values.length) {
            int order = i == this.values.length ? 1 : j == other.values.length ? -1
                    : Double.compare(this.values[i], other.values[j]);
            if (order == 0) {
                repeats = true;
            }
            values[d] = order <= 0 ? this.values[i] : other.values[j];
            counts[d] = (order <= 0 ? this.count(i++) : 0) + (order >= 0 ? other.count(j++) : 0);
            d++;
        }
        return new SortedCounts(Arrays.copyOf(values, d), repeats ? Arrays.copyOf(counts, d) : null);
    }

    private static boolean same(double a, double b) {
        return Double.compare(a, b) == 0;
    }
}
