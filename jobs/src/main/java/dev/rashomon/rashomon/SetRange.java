package dev.rashomon.rashomon;

import dev.rashomon.info.ExactSum;

/**
 * The range of a per-model quantity over Rashomon sets: MCR− and MCR+ of a feature's reliance,
 * or the FIS cloud of a pair. Members come in loss order, so every set is a prefix and one sweep
 * gives the range for every set size. Ties go to the member with the lower loss; NaN values
 * (an undefined ratio) are left out.
 */
public final class SetRange {
    private SetRange() {
    }

    /**
     * @param min the smallest value among the members (NaN if none is defined)
     * @param argmin pool index of the member attaining it (-1 if none)
     * @param mean the mean over the members with a defined value, rounded once
     * @param signChange some member is below 0 and some above: the sign is not settled inside the set
     */
    public record Range(int members, double min, int argmin, double max, int argmax, double mean, boolean signChange) {
    }

    /**
     * @param values the quantity by pool index
     * @param members pool indexes in loss order
     * @param sizes set sizes, increasing
     */
    public static Range[] sweep(double[] values, int[] members, int[] sizes) {
        Range[] out = new Range[sizes.length];
        double min = Double.NaN;
        double max = Double.NaN;
        int argmin = -1;
        int argmax = -1;
        long defined = 0;
        ExactSum sum = new ExactSum();
        int visited = 0;
        for (int s = 0; s < sizes.length; s++) {
            for (; visited < sizes[s]; visited++) {
                int model = members[visited];
                double v = values[model];
                if (Double.isNaN(v)) {
                    continue;
                }
                if (argmin < 0 || v < min) {
                    min = v;
                    argmin = model;
                }
                if (argmax < 0 || v > max) {
                    max = v;
                    argmax = model;
                }
                defined++;
                sum.add(v);
            }
            out[s] = new Range(sizes[s], min, argmin, max, argmax, sum.mean(defined), min < 0 && max > 0);
        }
        return out;
    }
}
