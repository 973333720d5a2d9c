package dev.rashomon.ensemble;

import static dev.rashomon.info.SplitMix64.mix;

import dev.rashomon.info.SplitMix64;

/**
 * Random draws that belong to a row: functions of (row_id, seed, stream) only, so the same row
 * gets the same draw whatever the partitioning, the executor or the order rows are seen in.
 *
 * <p>The mix is {@link SplitMix64}'s finaliser; its top 53 bits give a uniform double in [0, 1).
 */
public final class RowDraws {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final double EXP_MINUS_ONE = Math.exp(-1);
    /** Bootstrap counts stop here; P(Poisson(1) > 30) is about 1e-33. */
    private static final int MAX_COUNT = 30;

    private RowDraws() {
    }

    /** Whether a row is in the selection split: its stream-0 uniform falls below the fraction. */
    public static boolean inSelection(long rowId, long seed, double fraction) {
        return uniform(rowId, seed, 0) < fraction;
    }

    /**
     * How many times a row appears in bootstrap resample {@code bootstrap} (1, 2, …): a Poisson(1)
     * count by inversion of its CDF, the large-n limit of a with-replacement resample of n rows.
     */
    public static int bootstrapCount(long rowId, long seed, int bootstrap) {
        double u = uniform(rowId, seed, bootstrap);
        double p = EXP_MINUS_ONE;
        double cdf = p;
        int k = 0;
        while (u >= cdf && k < MAX_COUNT) {
            k++;
            p /= k;
            cdf += p;
        }
        return k;
    }

    /** A uniform double in [0, 1) for (row, seed, stream). */
    public static double uniform(long rowId, long seed, long stream) {
        long key = mix(seed ^ mix(stream * GOLDEN_GAMMA + GOLDEN_GAMMA));
        return (mix(rowId ^ key) >>> 11) * 0x1.0p-53;
    }
}
