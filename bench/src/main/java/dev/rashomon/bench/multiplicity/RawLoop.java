package dev.rashomon.bench.multiplicity;

import java.util.ArrayList;
import java.util.List;

/**
 * The floor per core: one thread over scores already in memory (row-major, {@code models} per row), one
 * visit of each row's members in loss order serving every ε, as the job's row sweep does.
 */
final class RawLoop {
    private RawLoop() {
    }

    static List<Measures> run(double[] scores, int[] labels, int models, RashomonSets sets, double threshold) {
        int rows = labels.length;
        int[] order = sets.scoreIndexByRank();
        int[] sizes = sets.setSizes();
        int epsilons = sizes.length;
        int largest = sets.largestSet();
        long[] ambiguous = new long[epsilons];
        long[] ambiguousVsLabel = new long[epsilons];
        long[] crossing = new long[epsilons];
        double[] width = new double[epsilons];
        double[] deviation = new double[epsilons];
        long[] flips = new long[largest];
        for (int i = 0; i < rows; i++) {
            int base = i * models;
            double s0 = scores[base + order[0]];
            int d0 = s0 >= threshold ? 1 : 0;
            int label = labels[i];
            double lo = s0;
            double hi = s0;
            boolean differsFromReference = false;
            boolean differsFromLabel = d0 != label;
            for (int rank = 0; rank < largest; rank++) {
                double s = scores[base + order[rank]];
                int d = s >= threshold ? 1 : 0;
                lo = Math.min(lo, s);
                hi = Math.max(hi, s);
                if (d != d0) {
                    flips[rank]++;
                    differsFromReference = true;
                }
                differsFromLabel |= d != label;
                for (int e = 0; e < epsilons; e++) {
                    if (sizes[e] == rank + 1) {
                        ambiguous[e] += differsFromReference ? 1 : 0;
                        ambiguousVsLabel[e] += differsFromLabel ? 1 : 0;
                        crossing[e] += lo < threshold && hi >= threshold ? 1 : 0;
                        width[e] += hi - lo;
                        deviation[e] += Math.max(hi - s0, s0 - lo);
                    }
                }
            }
        }
        List<Measures> result = new ArrayList<>();
        for (int e = 0; e < epsilons; e++) {
            long discrepancy = 0;
            for (int rank = 0; rank < sizes[e]; rank++) {
                discrepancy = Math.max(discrepancy, flips[rank]);
            }
            result.add(new Measures(sets.epsilons().get(e), sizes[e], (double) ambiguous[e] / rows, (double) ambiguousVsLabel[e] / rows,
                    (double) crossing[e] / rows, width[e] / rows, deviation[e] / rows, (double) discrepancy / rows));
        }
        return result;
    }
}
