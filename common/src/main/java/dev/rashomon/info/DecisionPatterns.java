package dev.rashomon.info;

import static dev.rashomon.info.SplitMix64.mix;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Order-independent 128-bit fingerprints of each model's decision vector (ŷ on every row): the
 * sum over rows of a hash of (row, decision), modulo 2^64 in each half. Sums commute, so partial
 * fingerprints merge in any order; models with equal decision vectors get equal fingerprints, and
 * the number of distinct fingerprints counts the patterns (Semenova et al.'s pattern Rashomon
 * ratio) with a 2^-128-scale chance of a collision.
 */
public final class DecisionPatterns implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long[] low;
    private final long[] high;

    public DecisionPatterns(int models) {
        low = new long[models];
        high = new long[models];
    }

    /** A row's identity as a 64-bit hash (FNV-1a of its text, mixed). */
    public static long rowHash(String rowId) {
        long h = 0xCBF29CE484222325L;
        for (byte b : rowId.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * 0x100000001B3L;
        }
        return mix(h);
    }

    /** Adds the decision of {@code model} on the row with hash {@code row}. */
    public void add(int model, long row, int decision) {
        low[model] += mix(row ^ (0x9E3779B97F4A7C15L * (decision + 1)));
        high[model] += mix(row + 0xD1B54A32D192ED03L * (decision + 7));
    }

    public void merge(DecisionPatterns other) {
        for (int h = 0; h < low.length; h++) {
            low[h] += other.low[h];
            high[h] += other.high[h];
        }
    }

    /** How many distinct decision vectors the given models have. */
    public int distinct(int[] models, int count) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            seen.add(low[models[i]] + ":" + high[models[i]]);
        }
        return seen.size();
    }
}
