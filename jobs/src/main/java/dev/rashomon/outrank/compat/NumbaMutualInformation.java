package dev.rashomon.outrank.compat;

import java.util.Arrays;

/**
 * OutRank 0.97.6's {@code MI-numba-randomized} and {@code MI-numba} estimator on one batch, with
 * its float32 roundings (reference section 5.1):
 *
 * <pre>
 * for each value x_j of X with c_j > 1 rows:   p_j = float32(c_j / n)
 *   T_j  = float32(Σ_y −p_j·q_j(y)·ln q_j(y))      q_j(y): share of y among the group's rows
 *   T'_j = the same over the shifted rows Y[(i − c_j) mod n] (numpy.roll)
 * corrected: float32(Σ_j T'_j − Σ_j T_j)          sums in float64, groups ascending
 * plain:     float32(H(Y) − Σ_j T_j)
 * </pre>
 * The correction is off when Σ_i (X_i − Y_i) = 0 (OutRank's "diagonal" test). Codes are the
 * batch's category codes; X is the partitioned variable (the label in target ranking).
 *
 * <p>A missing value has code −1. OutRank's counting array is indexed by code, so −1 counts as one
 * more row of the largest code (wrapping to the last slot), while matching a group's rows by
 * value never finds it (reference 5.1); both effects are reproduced.
 */
final class NumbaMutualInformation {
    /** Counts below this have their logarithm cached within a group. */
    private static final int SMALL_COUNTS = 64;
    private NumbaMutualInformation() {
    }

    /**
     * @param y codes of the measured variable (OutRank's {@code first}), 0 … ky−1
     * @param x codes of the partitioned variable (OutRank's {@code second}), 0 … kx−1
     */
    static float estimate(int[] y, int ky, int[] x, int kx, boolean cardinalityCorrection) {
        return estimate(y, ky, Groups.of(x, kx), cardinalityCorrection);
    }

    /**
     * The rows of the partitioned variable grouped by its value: the same for every feature
     * measured against the label in a batch, so it is built once per batch.
     */
    static final class Groups {
        final int[] x;
        final int kx;
        /** Per value: its rows with that code, and its size as OutRank counts it (missing rows in the last value). */
        final int[] groupRows;
        final int[] groupSize;
        final int[] groupStart;
        final int[] rowsByGroup;

        private Groups(int[] x, int kx, int[] groupRows, int[] groupSize, int[] groupStart, int[] rowsByGroup) {
            this.x = x;
            this.kx = kx;
            this.groupRows = groupRows;
            this.groupSize = groupSize;
            this.groupStart = groupStart;
            this.rowsByGroup = rowsByGroup;
        }

        /** The estimator's scratch over these groups, reused by every Y measured against them: class counts (left zeroed) and classes seen. */
        private int[] classCount = new int[0];
        private int[] touched = new int[0];

        /** Zeroed class counts for ky classes (the estimator zeroes those it counted). */
        int[] classCounts(int ky) {
            if (classCount.length < ky) {
                classCount = new int[ky];
                touched = new int[ky];
            }
            return classCount;
        }

        static Groups of(int[] x, int kx) {
            int n = x.length;
            if (kx == 0) {
                return new Groups(x, kx, null, null, null, null);
            }
            int[] groupRows = new int[kx];
            int[] groupSize = new int[kx];
            for (int value : x) {
                if (value >= 0) {
                    groupRows[value]++;
                }
                groupSize[value >= 0 ? value : kx - 1]++;
            }
            int[] groupStart = new int[kx + 1];
            for (int j = 0; j < kx; j++) {
                groupStart[j + 1] = groupStart[j] + groupRows[j];
            }
            int[] rowsByGroup = new int[n];
            int[] fill = Arrays.copyOf(groupStart, kx);
            for (int i = 0; i < n; i++) {
                if (x[i] >= 0) {
                    rowsByGroup[fill[x[i]]++] = i;
                }
            }
            return new Groups(x, kx, groupRows, groupSize, groupStart, rowsByGroup);
        }
    }

    /** As {@link #estimate(int[], int, int[], int, boolean)}, over the partitioned variable's groups. */
    static float estimate(int[] y, int ky, Groups groups, boolean cardinalityCorrection) {
        int[] x = groups.x;
        int kx = groups.kx;
        int n = x.length;
        long codeDifference = 0;
        for (int i = 0; i < n; i++) {
            codeDifference += x[i] - y[i];
        }
        boolean correction = cardinalityCorrection && codeDifference != 0;

        if (kx == 0 || ky == 0) {
            return Float.NaN; // every value missing: OutRank's counting array would be empty
        }
        int[] groupRows = groups.groupRows;
        int[] groupSize = groups.groupSize;
        int[] groupStart = groups.groupStart;
        int[] rowsByGroup = groups.rowsByGroup;

        int[] classCount = groups.classCounts(ky);
        int[] touched = groups.touched;
        double conditional = 0.0;
        double background = 0.0;
        for (int j = 0; j < kx; j++) {
            int size = groupSize[j];
            if (size <= 1) {
                continue;
            }
            float p = (float) ((double) size / n);
            conditional += groupTerm(y, ky, rowsByGroup, groupStart[j], groupRows[j], size, 0, n, p, classCount, touched);
            if (correction) {
                background += groupTerm(y, ky, rowsByGroup, groupStart[j], groupRows[j], size, size, n, p, classCount, touched);
            }
        }
        if (correction) {
            return (float) (-conditional + background);
        }
        int[] yCount = new int[ky];
        for (int value : y) {
            yCount[value >= 0 ? value : ky - 1]++;
        }
        double full = 0.0;
        for (int count : yCount) {
            if (count > 0) {
                double probability = (double) count / n;
                full += -probability * Math.log(probability);
            }
        }
        return (float) (full - conditional);
    }

    /**
     * float32(Σ_y −p·q(y)·ln q(y)) over the group's rows, each row i read at (i + shift) mod n; q is
     * a count over the group's size as OutRank counts it (missing rows of Y never match).
     */
    private static float groupTerm(int[] y, int ky, int[] rows, int start, int groupRows, int size, int shift, int n, float p,
                                   int[] classCount, int[] touched) {
        int distinct = 0;
        for (int k = start; k < start + groupRows; k++) {
            int row = rows[k] + shift;
            int value = y[row >= n ? row - n : row];
            if (value < 0) {
                continue;
            }
            if (classCount[value]++ == 0) {
                touched[distinct++] = value;
            }
        }
        // Python iterates the classes in ascending order: keep that summation order. When many of
        // the classes occur, walking all of them in order is cheaper than sorting those that do.
        if (distinct > ky / 8) {
            distinct = 0;
            for (int value = 0; value < ky; value++) {
                if (classCount[value] != 0) {
                    touched[distinct++] = value;
                }
            }
        } else {
            Arrays.sort(touched, 0, distinct);
        }
        // Most classes of a many-valued Y occur a few times in a group: ln q of a small count is computed once.
        double[] logOfCount = new double[Math.min(SMALL_COUNTS, size + 1)];
        double entropy = 0.0;
        for (int t = 0; t < distinct; t++) {
            int value = touched[t];
            int count = classCount[value];
            double q = (double) count / size;
            double log;
            if (count < logOfCount.length) {
                log = logOfCount[count];
                if (log == 0.0 && count != size) {
                    log = Math.log(q);
                    logOfCount[count] = log;
                }
            } else {
                log = Math.log(q);
            }
            entropy -= (double) p * q * log;
            classCount[value] = 0;
        }
        return (float) entropy;
    }
}
