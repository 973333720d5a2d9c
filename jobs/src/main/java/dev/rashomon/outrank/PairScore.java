package dev.rashomon.outrank;

import dev.rashomon.info.ContingencyStatistics;
import dev.rashomon.info.CountHistogram;
import dev.rashomon.info.ExpectedMutualInformation;

/**
 * How much two features tell about each other (their redundancy), from the value histograms of
 * each and of their combination: MI(A;B) = H(A) + H(B) − H(A,B), its expectation under the
 * permutation null, and how much the pair tells about the label (its relation).
 *
 * @param relation mi_adjusted of the combination "a AND b" with the label
 */
record PairScore(String featureA, String featureB, double mi, double emi, double miAdjusted, double nmi,
                 double relation) {

    static PairScore of(String a, String b, FeatureCounts countsA, FeatureCounts countsB, FeatureCounts joint,
                        long rows, double relation) {
        CountHistogram histogramA = countsA.categories(rows);
        CountHistogram histogramB = countsB.categories(rows);
        double hA = ContingencyStatistics.entropy(histogramA);
        double hB = ContingencyStatistics.entropy(histogramB);
        double hAB = ContingencyStatistics.entropy(joint.categories(rows));
        double mi = Math.max(0.0, hA + hB - hAB);
        double emi = ExpectedMutualInformation.compute(histogramA, histogramB);
        double nmi = mi == 0 ? 0.0 : mi / ((hA + hB) / 2);
        return new PairScore(a, b, mi, emi, mi - emi, nmi, relation);
    }
}
