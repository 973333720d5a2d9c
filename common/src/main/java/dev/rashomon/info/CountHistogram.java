package dev.rashomon.info;

import java.io.Serializable;
import java.util.Arrays;

/**
 * How many times each count occurs: count → multiplicity, e.g. "1,204 values were seen exactly
 * 3 times". A mergeable, exact integer state. Entropies and expected mutual information depend on
 * a contingency table only through such histograms, which is what makes them cheap and
 * independent of the order in which values were counted.
 *
 * <p>An open-addressing map from positive long keys to long multiplicities.
 */
public final class CountHistogram implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long EMPTY = 0L;

    private long[] keys = new long[8];
    private long[] multiplicities = new long[8];
    private int size;

    /** Adds {@code multiplicity} occurrences of {@code count} (count must be positive). */
    public void add(long count, long multiplicity) {
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive, got " + count);
        }
        if (multiplicity == 0) {
            return;
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int slot = slotOf(keys, count);
        if (keys[slot] == EMPTY) {
            keys[slot] = count;
            size++;
        }
        multiplicities[slot] += multiplicity;
    }

    public void merge(CountHistogram other) {
        // Read the other side's arrays before adding: add() may grow and replace ours, and other may be this.
        long[] otherKeys = other.keys;
        long[] otherMultiplicities = other.multiplicities;
        for (int i = 0; i < otherKeys.length; i++) {
            if (otherKeys[i] != EMPTY) {
                add(otherKeys[i], otherMultiplicities[i]);
            }
        }
    }

    public long multiplicity(long count) {
        int slot = slotOf(keys, count);
        return keys[slot] == count ? multiplicities[slot] : 0L;
    }

    /** Number of distinct counts. */
    public int distinctCounts() {
        return size;
    }

    /** Σ multiplicity: the number of counted things (values, cells). */
    public long items() {
        long total = 0;
        for (int i = 0; i < keys.length; i++) {
            total += multiplicities[i];
        }
        return total;
    }

    /** Σ count · multiplicity: the number of rows the counted things cover. */
    public long total() {
        long total = 0;
        for (int i = 0; i < keys.length; i++) {
            total += keys[i] * multiplicities[i];
        }
        return total;
    }

    /** The distinct counts in ascending order, so that sums over them are deterministic. */
    public long[] sortedCounts() {
        long[] counts = new long[size];
        int n = 0;
        for (long key : keys) {
            if (key != EMPTY) {
                counts[n++] = key;
            }
        }
        Arrays.sort(counts);
        return counts;
    }

    /** Σ multiplicity · count · ln(count), summed in ascending count order. */
    public double sumCountLogCount() {
        CompensatedSum sum = new CompensatedSum();
        for (long count : sortedCounts()) {
            sum.add(multiplicity(count) * (count * Math.log(count)));
        }
        return sum.value();
    }

    private static int slotOf(long[] keys, long key) {
        int mask = keys.length - 1;
        int slot = (int) (mix(key) & mask);
        while (keys[slot] != EMPTY && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private static long mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 32);
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldMultiplicities = multiplicities;
        keys = new long[oldKeys.length * 2];
        multiplicities = new long[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int slot = slotOf(keys, oldKeys[i]);
                keys[slot] = oldKeys[i];
                multiplicities[slot] = oldMultiplicities[i];
            }
        }
    }
}
