package dev.rashomon.multiplicity;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The values of one measure over one task's rows: the distinct values in increasing order with how many rows hold
 * each. The parts of all tasks are read together by {@link Distribution#of(java.util.List, double[])}, never merged
 * into one array, so the result is the same for any partitioning. Measures that take few values (indicators,
 * disagreement at a fixed set size) stay a few entries long.
 */
final class SortedCounts implements Serializable {
    private static final long serialVersionUID = 2L;

    /** Distinct values, increasing (in {@link Double#compare} order). */
    final double[] values;
    /** Rows whose value is at most values[i]; null when every value occurs once (then it is i + 1). */
    private final long[] cumulative;

    private SortedCounts(double[] values, long[] cumulative) {
        this.values = values;
        this.cumulative = cumulative;
    }

    /** From the first {@code length} (≥ 1) entries of {@code buffer}, which is sorted in place. */
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
        long[] cumulative = new long[distinct];
        int d = -1;
        for (int i = 0; i < length; i++) {
            if (i == 0 || !same(buffer[i], buffer[i - 1])) {
                values[++d] = buffer[i];
            }
            cumulative[d] = i + 1;
        }
        return new SortedCounts(values, cumulative);
    }

    /** From distinct values (any order, ≥ 1 of them) and how many rows hold each; the arrays are only read. */
    static SortedCounts ofCounts(double[] values, long[] counts) {
        Integer[] order = new Integer[values.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] sorted = new double[values.length];
        long[] cumulative = new long[values.length];
        long running = 0;
        for (int i = 0; i < order.length; i++) {
            sorted[i] = values[order[i]];
            running += counts[order[i]];
            cumulative[i] = running;
        }
        return new SortedCounts(sorted, running == values.length ? null : cumulative);
    }

    int distinct() {
        return values.length;
    }

    /** All rows. */
    long rows() {
        return rowsBefore(values.length);
    }

    /** Rows whose value is one of the first {@code index} distinct values. */
    long rowsBefore(int index) {
        return index == 0 ? 0 : cumulative == null ? index : cumulative[index - 1];
    }

    long count(int i) {
        return rowsBefore(i + 1) - rowsBefore(i);
    }

    /** Rows whose {@link #orderKey} is at most {@code key}. */
    long rowsAtMost(long key) {
        int low = 0;
        int high = values.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (orderKey(values[mid]) <= key) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return rowsBefore(low);
    }

    /** The index of the first value ≥ {@code threshold}; the length if none (and for a NaN threshold). */
    int firstAtLeast(double threshold) {
        if (Double.isNaN(threshold)) {
            return values.length;
        }
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
        return low;
    }

    /** A long whose signed order is {@link Double#compare}'s order of non-NaN doubles (−0.0 before 0.0). */
    static long orderKey(double value) {
        long bits = Double.doubleToLongBits(value);
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    /** The double of an {@link #orderKey}. */
    static double ofOrderKey(long key) {
        return Double.longBitsToDouble(key ^ ((key >> 63) & Long.MAX_VALUE));
    }

    private static boolean same(double a, double b) {
        return Double.compare(a, b) == 0;
    }
}
