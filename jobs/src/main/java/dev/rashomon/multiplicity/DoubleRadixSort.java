package dev.rashomon.multiplicity;

import java.util.Arrays;

/**
 * Sorts doubles into {@link Arrays#sort(double[])}'s order (by {@link Double#compare}: −0.0 before 0.0) by a
 * least-significant-digit radix sort of their bits, 8 bits a pass. A double's bits, with the sign bit flipped
 * for positives and every bit flipped for negatives, order as unsigned integers exactly as the doubles do
 * (NaN aside, which callers never pass). Passes whose digit is the same for every value are skipped (the sign and
 * exponent bytes of measures in [0, 1] often are). It costs a few linear passes where the comparison sort costs
 * about log2(n) of them with unpredictable branches, which matters for the hundreds of thousands of values per
 * measure that each task sorts.
 */
final class DoubleRadixSort {
    /** Below this many values the comparison sort is as fast and needs no buffers. */
    private static final int SMALL = 512;

    private DoubleRadixSort() {
    }

    /** Sorts the first {@code length} values in place; none may be NaN. */
    static void sort(double[] values, int length) {
        if (length < SMALL) {
            Arrays.sort(values, 0, length);
            return;
        }
        long[] keys = new long[length];
        int[][] counts = new int[Long.BYTES][256];
        for (int i = 0; i < length; i++) {
            long key = key(values[i]);
            keys[i] = key;
            for (int d = 0; d < Long.BYTES; d++) {
                counts[d][(int) (key >>> (8 * d)) & 0xFF]++;
            }
        }
        long[] scratch = new long[length];
        for (int d = 0; d < Long.BYTES; d++) {
            int[] count = counts[d];
            int shift = 8 * d;
            if (count[(int) (keys[0] >>> shift) & 0xFF] == length) {
                continue;
            }
            int start = 0;
            for (int b = 0; b < 256; b++) {
                int c = count[b];
                count[b] = start;
                start += c;
            }
            for (int i = 0; i < length; i++) {
                long key = keys[i];
                scratch[count[(int) (key >>> shift) & 0xFF]++] = key;
            }
            long[] swap = keys;
            keys = scratch;
            scratch = swap;
        }
        for (int i = 0; i < length; i++) {
            values[i] = value(keys[i]);
        }
    }

    /** The double's bits, reordered so that unsigned integer order is {@link Double#compare}'s. */
    static long key(double value) {
        long bits = Double.doubleToRawLongBits(value);
        return bits ^ ((bits >> 63) | Long.MIN_VALUE);
    }

    static double value(long key) {
        long bits = key ^ ((~key >> 63) | Long.MIN_VALUE);
        return Double.longBitsToDouble(bits);
    }
}
