package dev.rashomon.outrank;

import dev.rashomon.info.ChiSquared;
import dev.rashomon.info.ContingencyStatistics;
import dev.rashomon.info.CountHistogram;
import dev.rashomon.info.ExpectedMutualInformation;
import java.util.Map;
import java.util.SortedMap;

/**
 * One row of the {@code feature_ranking} table: the scores of a feature against the label and its
 * profile. Conventions follow scikit-learn (natural log; AMI and NMI with arithmetic-mean
 * normalisation); see the README for each column.
 */
record FeatureScore(String feature, double miAdjusted, double mi, double emi, double ami, double nmi, double su,
                    double gainRatio, double gStat, long gDof, double gPvalue, double entropy, long cardinality,
                    long categories, double coverage, long singletons, String topValue, double topShare, long rows,
                    String treatment) {

    /** Smallest denominator of AMI, as in scikit-learn (keeps the sign, avoids 0/0). */
    private static final double EPS = Math.ulp(1.0);

    /**
     * @param profile the feature's raw values (cardinality, coverage, top value)
     * @param scored the categories MI is computed over: the raw values, or their bins
     * @param classTotals rows per label class, over every used row
     */
    static FeatureScore of(String feature, FeatureCounts profile, FeatureCounts scored,
                           SortedMap<String, Long> classTotals, String treatment) {
        long rows = 0;
        CountHistogram classHistogram = new CountHistogram();
        for (long total : classTotals.values()) {
            classHistogram.add(total, 1);
            rows += total;
        }
        // A missing value is one more category: the rows of each class that have no value.
        CountHistogram valueTotals = copy(scored.valueTotals);
        CountHistogram cellCounts = copy(scored.cellCounts);
        long missingRows = rows - scored.presentRows();
        if (missingRows > 0) {
            valueTotals.add(missingRows, 1);
            for (Map.Entry<String, Long> total : classTotals.entrySet()) {
                long missingInClass = total.getValue() - scored.presentRows(total.getKey());
                if (missingInClass > 0) {
                    cellCounts.add(missingInClass, 1);
                }
            }
        }
        ContingencyStatistics stats = ContingencyStatistics.of(valueTotals, classHistogram, cellCounts);
        long[] classRows = classTotals.values().stream().mapToLong(Long::longValue).toArray();
        double mi = stats.mutualInformation();
        double hf = stats.featureEntropy();
        double hy = stats.labelEntropy();
        double emi = ExpectedMutualInformation.compute(classRows, valueTotals);
        double mean = (hf + hy) / 2;
        double denominator = mean - emi;
        denominator = denominator < 0 ? Math.min(denominator, -EPS) : Math.max(denominator, EPS);
        double ami = (mi - emi) / denominator;
        double nmi = mi == 0 ? 0.0 : mi / mean;
        double su = hf + hy == 0 ? 0.0 : 2 * mi / (hf + hy);
        double gainRatio = hf == 0 ? 0.0 : mi / hf;
        long categories = valueTotals.items();
        long dof = (categories - 1) * (classTotals.size() - 1);
        double g = 2.0 * rows * mi;
        return new FeatureScore(feature, mi - emi, mi, emi, ami, nmi, su, gainRatio, g, dof,
                ChiSquared.survival(g, dof), hf, profile.cardinality(), categories,
                (double) profile.presentRows() / rows, profile.singletons(), profile.topValue,
                (double) profile.topCount / rows, rows, treatment);
    }

    private static CountHistogram copy(CountHistogram histogram) {
        CountHistogram copy = new CountHistogram();
        copy.merge(histogram);
        return copy;
    }
}
