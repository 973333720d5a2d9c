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
        double[][] out = new double[sizes.length][];
        double referenceScore = scores[reference];
        boolean referenceDecision = referenceScore >= threshold;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean ambiguous = false;
        boolean ambiguousVsLabel = false;
        long positives = 0;
        double mean = 0;
        double m2 = 0;
        double maxDeviation = 0;
        int visited = 0;
        for (int set = 0; set < sizes.length; set++) {
            for (; visited < sizes[set]; visited++) {
                double s = scores[members[visited]];
                min = Math.min(min, s);
                max = Math.max(max, s);
                boolean decision = s >= threshold;
                ambiguous |= decision != referenceDecision;
                ambiguousVsLabel |= decision != (label == 1);
                positives += decision ? 1 : 0;
                double delta = s - mean;
                mean += delta / (visited + 1);
                m2 += delta * (s - mean);
                maxDeviation = Math.max(maxDeviation, Math.abs(s - referenceScore));
            }
            double[] row = undefined();
            int m = sizes[set];
            if (m > 0) {
                long negatives = m - positives;
                row[RowMeasure.AMBIGUOUS.ordinal()] = indicator(ambiguous);
                row[RowMeasure.AMBIGUOUS_VS_LABEL.ordinal()] = indicator(ambiguousVsLabel);
                row[RowMeasure.PAIRWISE_AMBIGUOUS.ordinal()] = indicator(positives > 0 && negatives > 0);
                row[RowMeasure.VPR_LO.ordinal()] = min;
                row[RowMeasure.VPR_HI.ordinal()] = max;
                row[RowMeasure.VPR_WIDTH.ordinal()] = max - min;
                row[RowMeasure.CROSSES_THRESHOLD.ordinal()] = indicator(min < threshold && threshold <= max);
                row[RowMeasure.SCORE_STD.ordinal()] = Math.sqrt(m2 / m);
                row[RowMeasure.SCORE_STD_SAMPLE.ordinal()] = m < 2 ? Double.NaN : Math.sqrt(m2 / (m - 1));
                double bits = RashomonCapacity.binaryBits(min, max);
                row[RowMeasure.CAPACITY_BITS.ordinal()] = bits;
                row[RowMeasure.RASHOMON_CAPACITY.ordinal()] = Math.pow(2, bits);
                row[RowMeasure.DISAGREEMENT_PLUGIN.ordinal()] = Disagreement.plugIn(negatives, positives);
                row[RowMeasure.DISAGREEMENT_UNBIASED.ordinal()] = Disagreement.unbiased(negatives, positives);
                long[] counts = {negatives, positives};
                row[RowMeasure.PAIRWISE_DISAGREEMENT.ordinal()] = Disagreement.pairwiseProbability(counts);
                row[RowMeasure.SELF_CONSISTENCY.ordinal()] = Disagreement.selfConsistency(counts);
                row[RowMeasure.MAX_SCORE_DEVIATION.ordinal()] = maxDeviation;
            }
            out[set] = row;
        }
        return out;
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
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean ambiguous = false;
        boolean ambiguousVsLabel = false;
        double mean = 0;
        double m2 = 0;
        List<double[]> distinctVectors = new ArrayList<>();
        int visited = 0;
        for (int set = 0; set < sizes.length; set++) {
            for (; visited < sizes[set]; visited++) {
                int model = members[visited];
                int decision = argmax(probabilities, model, classes);
                counts[decision]++;
                ambiguous |= decision != referenceDecision;
                ambiguousVsLabel |= decision != label;
                double s = probabilities[model * classes + label];
                min = Math.min(min, s);
                max = Math.max(max, s);
                double delta = s - mean;
                mean += delta / (visited + 1);
                m2 += delta * (s - mean);
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
                row[RowMeasure.VPR_LO.ordinal()] = min;
                row[RowMeasure.VPR_HI.ordinal()] = max;
                row[RowMeasure.VPR_WIDTH.ordinal()] = max - min;
                row[RowMeasure.SCORE_STD.ordinal()] = Math.sqrt(m2 / m);
                row[RowMeasure.SCORE_STD_SAMPLE.ordinal()] = m < 2 ? Double.NaN : Math.sqrt(m2 / (m - 1));
                double bits = distinctVectors.size() < 2 ? 0.0
                        : RashomonCapacity.blahutArimoto(distinctVectors.toArray(double[][]::new),
                        CAPACITY_ABSOLUTE_TOLERANCE, CAPACITY_RELATIVE_TOLERANCE, CAPACITY_MAX_ITERATIONS).bits();
                row[RowMeasure.CAPACITY_BITS.ordinal()] = bits;
                row[RowMeasure.RASHOMON_CAPACITY.ordinal()] = Math.pow(2, bits);
                row[RowMeasure.PAIRWISE_DISAGREEMENT.ordinal()] = Disagreement.pairwiseProbability(counts);
                row[RowMeasure.SELF_CONSISTENCY.ordinal()] = Disagreement.selfConsistency(counts);
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

    private static double[] undefined() {
        double[] row = new double[RowMeasure.COUNT];
        Arrays.fill(row, Double.NaN);
        return row;
    }

    private static double indicator(boolean value) {
        return value ? 1.0 : 0.0;
    }
}
