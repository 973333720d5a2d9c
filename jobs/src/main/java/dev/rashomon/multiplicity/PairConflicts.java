package dev.rashomon.multiplicity;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;

/**
 * For every pair of models h < g, the rows on which the two decide differently: the counts behind the pairwise
 * discrepancy. Rows whose decisions are all 0 or 1 (every binary row) are gathered 64 at a time, one bit per
 * (model, row); a full block adds popcount(w_h xor w_g) to each pair, so 50 models cost about 20 operations per
 * row instead of 1,225 comparisons. Other rows are compared pair by pair. Counts merge by addition, so the result
 * is the same for any partitioning.
 */
final class PairConflicts implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int models;
    /** [h·models + g], h < g. */
    private final long[] counts;
    /** block[h]: bit r is model h's decision on the r-th row not yet counted. */
    private final long[] block;
    private int pending;

    PairConflicts(int models) {
        this.models = models;
        this.counts = new long[models * models];
        this.block = new long[models];
    }

    /** Adds one row's decisions, by pool index; the array is only read. */
    void add(int[] decisions) {
        for (int decision : decisions) {
            if ((decision & ~1) != 0) {
                addPairByPair(decisions);
                return;
            }
        }
        long bit = 1L << pending;
        for (int h = 0; h < models; h++) {
            if (decisions[h] != 0) {
                block[h] |= bit;
            }
        }
        if (++pending == Long.SIZE) {
            countBlock();
        }
    }

    /** Rows where models h and g (h < g) decide differently. */
    long count(int h, int g) {
        countBlock();
        return counts[h * models + g];
    }

    PairConflicts merge(PairConflicts other) {
        countBlock();
        other.countBlock();
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        return this;
    }

    private void addPairByPair(int[] decisions) {
        for (int h = 0; h < models; h++) {
            int decision = decisions[h];
            int base = h * models;
            for (int g = h + 1; g < models; g++) {
                counts[base + g] += decision == decisions[g] ? 0 : 1;
            }
        }
    }

    private void countBlock() {
        if (pending == 0) {
            return;
        }
        for (int h = 0; h < models; h++) {
            long word = block[h];
            int base = h * models;
            for (int g = h + 1; g < models; g++) {
                counts[base + g] += Long.bitCount(word ^ block[g]);
            }
        }
        Arrays.fill(block, 0);
        pending = 0;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        countBlock();
        out.defaultWriteObject();
    }
}
