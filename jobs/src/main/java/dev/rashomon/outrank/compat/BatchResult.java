package dev.rashomon.outrank.compat;

import java.io.Serializable;
import java.util.Map;

/**
 * What one batch contributes: a score per computed pair and the per-column statistics OutRank
 * collects (coverage %, mean UTF-8 bytes per value, digests of the non-empty values, value counts).
 *
 * @param first the measured column of each computed pair (OutRank's {@code first})
 * @param second the partitioned column of each computed pair (the label in target ranking)
 * @param memory mean bytes per value, or null for a batch that is not full
 */
record BatchResult(long batch, boolean full, String[] columns, String[] first, String[] second, double[] scores,
                   double[] coverage, double[] memory, int[][] digests, Map<String, Long>[] valueCounts)
        implements Serializable {
}
