package dev.rashomon.multiplicity;

/**
 * The per-row multiplicity measures of a binary task for every Rashomon set at once (reference
 * 2.1–2.7): the members are visited in loss order and the running state (min, max, conflicts with
 * the reference, decision counts, Welford moments of the scores) is read out at each set size.
 * Decisions use the ≥ convention: {@code ŷ = 1[s ≥ τ]}.
 */
public final class BinaryRowSweep {
    private BinaryRowSweep() {
    }

    /**
     * The measures of one row for one set.
     *
     * @param members the set's size m
     * @param ambiguous some member decides differently from the reference
     * @param vprMin the viable prediction range's lower end (NaN for an empty set)
     * @param crossesThreshold min < τ ≤ max: the decision can flip inside the set
     * @param capacityBits Rashomon capacity C in bits (binary closed form from min and max)
     * @param stdPopulation score standard deviation, ddof 0
     * @param stdSample score standard deviation, ddof 1 (NaN for one member)
     * @param maxScoreDeviation max |s_h − s_ref| over the members: the row is δ-ambiguous when it is ≥ δ
     */
    public record Measures(int members, boolean ambiguous, double vprMin, double vprMax, boolean crossesThreshold,
                           double capacityBits, double stdPopulation, double stdSample, double disagreementPlugIn,
                           double disagreementUnbiased, double pairwiseDisagreement, double maxScoreDeviation) {
        public double vprWidth() {
            return vprMax - vprMin;
        }

        public double rashomonCapacity() {
            return Math.pow(2, capacityBits);
        }

        public double selfConsistency() {
            return 1 - pairwiseDisagreement;
        }
    }

    /**
     * @param scoresInLossOrder the row's score of every pool model, ordered by selection loss
     * @param referenceScore the reference model's score on the row (it need not be in any set)
     * @param threshold τ
     * @param setSizes the sizes of the sets to report, each a prefix of the loss order
     */
    public static Measures[] sweep(double[] scoresInLossOrder, double referenceScore, double threshold, int[] setSizes) {
        Measures[] out = new Measures[setSizes.length];
        boolean referenceDecision = referenceScore >= threshold;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean ambiguous = false;
        long positives = 0;
        double mean = 0;
        double m2 = 0;
        double maxDeviation = 0;
        int visited = 0;
        int[] order = RashomonSet.lossOrder(java.util.Arrays.stream(setSizes).asDoubleStream().toArray());
        for (int o : order) {
            int size = setSizes[o];
            for (; visited < size; visited++) {
                double s = scoresInLossOrder[visited];
                min = Math.min(min, s);
                max = Math.max(max, s);
                boolean decision = s >= threshold;
                ambiguous |= decision != referenceDecision;
                positives += decision ? 1 : 0;
                double delta = s - mean;
                mean += delta / (visited + 1);
                m2 += delta * (s - mean);
                maxDeviation = Math.max(maxDeviation, Math.abs(s - referenceScore));
            }
            out[o] = measures(size, ambiguous, min, max, threshold, positives, m2, maxDeviation);
        }
        return out;
    }

    private static Measures measures(int m, boolean ambiguous, double min, double max, double threshold, long positives,
                                     double m2, double maxDeviation) {
        if (m == 0) {
            return new Measures(0, false, Double.NaN, Double.NaN, false, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long negatives = m - positives;
        return new Measures(m, ambiguous, min, max, min < threshold && threshold <= max,
                RashomonCapacity.binaryBits(min, max), Math.sqrt(m2 / m), m < 2 ? Double.NaN : Math.sqrt(m2 / (m - 1)),
                Disagreement.plugIn(negatives, positives), Disagreement.unbiased(negatives, positives),
                Disagreement.pairwiseProbability(new long[] {negatives, positives}), maxDeviation);
    }
}
