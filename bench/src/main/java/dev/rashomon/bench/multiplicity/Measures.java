package dev.rashomon.bench.multiplicity;

import java.util.List;

/**
 * The measures every contender computes for one ε, named as the job's {@code summary} columns. The set
 * holds the models with loss ≤ L(h0) + ε, h0 the best model (a member), decisions 1[s ≥ τ].
 */
record Measures(double epsilon, long setSize, double ambiguity, double ambiguityVsLabel, double vprCrossingRate,
                double vprWidthMean, double maxScoreDeviationMean, double discrepancy) {
    static final List<String> COLUMNS = List.of("set_size", "ambiguity", "ambiguity_vs_label", "vpr_crossing_rate",
            "vpr_width_mean", "max_score_deviation_mean", "discrepancy");

    double[] values() {
        return new double[] {setSize, ambiguity, ambiguityVsLabel, vprCrossingRate, vprWidthMean, maxScoreDeviationMean, discrepancy};
    }

    /** The largest absolute difference over every ε and measure; +∞ when the ε lists differ. */
    static double maxDifference(List<Measures> a, List<Measures> b) {
        if (a.size() != b.size()) {
            return Double.POSITIVE_INFINITY;
        }
        double worst = 0;
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).epsilon() != b.get(i).epsilon()) {
                return Double.POSITIVE_INFINITY;
            }
            double[] x = a.get(i).values();
            double[] y = b.get(i).values();
            for (int j = 0; j < x.length; j++) {
                worst = Math.max(worst, Math.abs(x[j] - y[j]));
            }
        }
        return worst;
    }
}
