package dev.rashomon.multiplicity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every per-row measure of one row for several Rashomon sets at once. The members are visited in
 * loss order, so each set is a prefix and the running state (min, max, decision counts, Welford
 * moments, conflicts) is read out as each requested size is reached: O(m) for all sets of a
 * binary row. Binary decisions use ŷ = 1[s ≥ τ]; multiclass decisions the argmax, ties to the
 * lowest class. The reference's decision is known whether or not it is a member.
 */
public final class RowSweep {
    /** Stop Blahut–Arimoto when the certified gap is below this many bits, or this fraction of C. */
    static final double CAPACITY_ABSOLUTE_TOLERANCE = 1e-12;
    static final double CAPACITY_RELATIVE_TOLERANCE = 1e-9;
    static final int CAPACITY_MAX_ITERATIONS = 100_000;

    private RowSweep() {
    }

    /**
     * @param scores the row's score of every pool model, by pool index
     * @param members pool indexes of the candidate members, in loss order
     * @param reference pool index of the reference
     * @param label the row's label, 0 or 1
     * @param sizes the set sizes to report, each a prefix of {@code members}, in increasing order
     * @return measures[set][{@link RowMeasure#ordinal()}]
     */
    public static double[][] binary(double[] scores, int[] members, int reference, int label, double threshold,
                                    int[] sizes) {
        double[][] out = new double[sizes.length][RowMeasure.COUNT];
        binary(scores, members, reference, label, threshold, sizes, out);
        return out;
    }

    /** As {@link #binary(double[], int[], int, int, double, int[])}, into {@code out}: its rows are overwritten. */
    static void binary(double[] scores, int[] members, int reference, int label, double threshold, int[] sizes,
                       double[][] out) {
        double referenceScore = scores[reference];
        boolean referenceDecision = referenceScore >= threshold;
        Spread spread = new Spread();
        boolean ambiguous = false;
        boolean ambiguousVsLabel = false;
        long positives = 0;
        double maxDeviation = 0;
        long[] classCounts = new long[2];
        // Capacity depends on the range alone, which changes at few of the sizes: reuse it until it does.
        double capacityMin = Double.NaN;
        double capacityMax = Double.NaN;
        // And h(min), h(max) change only with their own end.
        double entropyMin = 0;
        double entropyMax = 0;
        double bits = 0;
        double capacity = 1;
        int visited = 0;
        for (int set = 0; set < sizes.length; set++) {
            for (; visited < sizes[set]; visited++) {
                double s = scores[members[visited]];
                spread.add(s);
                boolean decision = s >= threshold;
                ambiguous |= decision != referenceDecision;
                ambiguousVsLabel |= decision != (label == 1);
                positives += decision ? 1 : 0;
                maxDeviation = Math.max(maxDeviation, Math.abs(s - referenceScore));
            }
            double[] row = out[set];
            int m = sizes[set];
            if (m == 0) {
                Arrays.fill(row, Double.NaN);
                continue;
            }
            long negatives = m - positives;
            row[RowMeasure.AMBIGUOUS.ordinal()] = indicator(ambiguous);
            row[RowMeasure.AMBIGUOUS_VS_LABEL.ordinal()] = indicator(ambiguousVsLabel);
            row[RowMeasure.PAIRWISE_AMBIGUOUS.ordinal()] = indicator(positives > 0 && negatives > 0);
            spread.write(row);
            row[RowMeasure.CROSSES_THRESHOLD.ordinal()] = indicator(spread.min < threshold && threshold <= spread.max);
            if (!(spread.min == capacityMin && spread.max == capacityMax)) {
                if (!(spread.min == capacityMin)) {
                    entropyMin = RashomonCapacity.entropyBits(spread.min);
                }
                if (!(spread.max == capacityMax)) {
                    entropyMax = RashomonCapacity.entropyBits(spread.max);
                }
                capacityMin = spread.min;
                capacityMax = spread.max;
                bits = RashomonCapacity.binaryBits(spread.min, spread.max, entropyMin, entropyMax);
                capacity = Math.pow(2, bits);
            }
            row[RowMeasure.CAPACITY_BITS.ordinal()] = bits;
            row[RowMeasure.RASHOMON_CAPACITY.ordinal()] = capacity;
            row[RowMeasure.DISAGREEMENT_PLUGIN.ordinal()] = Disagreement.plugIn(negatives, positives);
            row[RowMeasure.DISAGREEMENT_UNBIASED.ordinal()] = Disagreement.unbiased(negatives, positives);
            classCounts[0] = negatives;
            classCounts[1] = positives;
            writePairwise(row, classCounts);
            row[RowMeasure.MAX_SCORE_DEVIATION.ordinal()] = maxDeviation;
        }
    }

    /**
     * @param probabilities the row's class probabilities of every pool model, {@code classes} per model,
     *     by pool index
     * @param label the row's class, in [0, classes)
     */
    public static double[][] multiclass(double[] probabilities, int classes, int[] members, int reference, int label,
                                        int[] sizes) {
        double[][] out = new double[sizes.length][];
        int referenceDecision = argmax(probabilities, reference, classes);
        long[] counts = new long[classes];
        Spread spread = new Spread();
        boolean ambiguous = false;
        boolean ambiguousVsLabel = false;
        List<double[]> distinctVectors = new ArrayList<>();
        int visited = 0;
        for (int set = 0; set < sizes.length; set++) {
            for (; visited < sizes[set]; visited++) {
                int model = members[visited];
                int decision = argmax(probabilities, model, classes);
                counts[decision]++;
                ambiguous |= decision != referenceDecision;
                ambiguousVsLabel |= decision != label;
                spread.add(probabilities[model * classes + label]);
                double[] vector = Arrays.copyOfRange(probabilities, model * classes, (model + 1) * classes);
                if (distinctVectors.stream().noneMatch(v -> Arrays.equals(v, vector))) {
                    distinctVectors.add(vector);
                }
            }
            double[] row = undefined();
            int m = sizes[set];
            if (m > 0) {
                long deciding = Arrays.stream(counts).filter(c -> c > 0).count();
                row[RowMeasure.AMBIGUOUS.ordinal()] = indicator(ambiguous);
                row[RowMeasure.AMBIGUOUS_VS_LABEL.ordinal()] = indicator(ambiguousVsLabel);
                row[RowMeasure.PAIRWISE_AMBIGUOUS.ordinal()] = indicator(deciding > 1);
                spread.write(row);
                writeCapacity(row, distinctVectors.size() < 2 ? 0.0
                        : RashomonCapacity.blahutArimoto(distinctVectors.toArray(double[][]::new),
                        CAPACITY_ABSOLUTE_TOLERANCE, CAPACITY_RELATIVE_TOLERANCE, CAPACITY_MAX_ITERATIONS).bits());
                writePairwise(row, counts);
            }
            out[set] = row;
        }
        return out;
    }

    /** The decided class of one model: the most probable, ties to the lowest index. */
    static int argmax(double[] probabilities, int model, int classes) {
        int best = 0;
        int base = model * classes;
        for (int k = 1; k < classes; k++) {
            if (probabilities[base + k] > probabilities[base + best]) {
                best = k;
            }
        }
        return best;
    }

    private static void writeCapacity(double[] row, double bits) {
        row[RowMeasure.CAPACITY_BITS.ordinal()] = bits;
        row[RowMeasure.RASHOMON_CAPACITY.ordinal()] = Math.pow(2, bits);
    }

    private static void writePairwise(double[] row, long[] classCounts) {
        row[RowMeasure.PAIRWISE_DISAGREEMENT.ordinal()] = Disagreement.pairwiseProbability(classCounts);
        row[RowMeasure.SELF_CONSISTENCY.ordinal()] = Disagreement.selfConsistency(classCounts);
    }

    /** Range and Welford moments of the scores seen so far: the VPR and the score spread. */
    private static final class Spread {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        private long count;
        private double mean;
        private double m2;

        void add(double s) {
            min = Math.min(min, s);
            max = Math.max(max, s);
            count++;
            double delta = s - mean;
            mean += delta / count;
            m2 += delta * (s - mean);
        }

        void write(double[] row) {
            row[RowMeasure.VPR_LO.ordinal()] = min;
            row[RowMeasure.VPR_HI.ordinal()] = max;
            row[RowMeasure.VPR_WIDTH.ordinal()] = max - min;
            row[RowMeasure.SCORE_STD.ordinal()] = Math.sqrt(m2 / count);
            row[RowMeasure.SCORE_STD_SAMPLE.ordinal()] = count < 2 ? Double.NaN : Math.sqrt(m2 / (count - 1));
        }
    }

    /** Every measure NaN: the row of an empty set, filled in where defined. */
    static double[] undefined() {
        double[] row = new double[RowMeasure.COUNT];
        Arrays.fill(row, Double.NaN);
        return row;
    }

    private static double indicator(boolean value) {
        return value ? 1.0 : 0.0;
    }
}
