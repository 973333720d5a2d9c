package dev.rashomon.rashomon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Rashomon importance distribution of one feature (Donnelly et al. 2023): each bootstrap group
 * b has its own Rashomon set R_b, every member of it weighs 1/|R_b|, and the groups weigh alike:
 * <pre>
 * P(φ ≤ k) = (1/B) Σ_b (1/|R_b|) Σ_{f ∈ R_b} 1[φ(f) ≤ k]
 * </pre>
 * Quantiles are of this mixture exactly: the smallest value whose CDF reaches q. (The reference
 * code instead repeats each value round(p / p_min) times and takes numpy's interpolated quantile
 * of that list, which rounds the weights.)
 */
public final class ImportanceDistribution {
    private final TreeMap<Double, Double> weights = new TreeMap<>();

    /** @param groups each group's importance values, one per member of its Rashomon set; empty groups are skipped */
    public ImportanceDistribution(List<double[]> groups) {
        List<double[]> used = new ArrayList<>();
        for (double[] group : groups) {
            if (group.length > 0) {
                used.add(group);
            }
        }
        if (used.isEmpty()) {
            throw new IllegalArgumentException("no group has a member");
        }
        for (double[] group : used) {
            for (double value : group) {
                weights.merge(value, 1.0 / group.length / used.size(), Double::sum);
            }
        }
    }

    /** The least value with weight. */
    public double min() {
        return weights.firstKey();
    }

    /** The greatest value with weight. */
    public double max() {
        return weights.lastKey();
    }

    /** P(φ ≤ k). */
    public double cdf(double k) {
        double total = 0;
        for (Map.Entry<Double, Double> entry : weights.headMap(k, true).entrySet()) {
            total += entry.getValue();
        }
        return Math.min(1.0, total);
    }

    public double mean() {
        double total = 0;
        for (Map.Entry<Double, Double> entry : weights.entrySet()) {
            total += entry.getKey() * entry.getValue();
        }
        return total;
    }

    /** The smallest value whose CDF reaches q (with a 1e-12 allowance for the rounding of the weights). */
    public double quantile(double q) {
        double total = 0;
        for (Map.Entry<Double, Double> entry : weights.entrySet()) {
            total += entry.getValue();
            if (total >= q - 1e-12) {
                return entry.getKey();
            }
        }
        return weights.lastKey();
    }

    public double median() {
        return quantile(0.5);
    }

    /** The box-and-whisker range [Q1 − 1.5·IQR, Q3 + 1.5·IQR]. */
    public double[] boxAndWhiskerRange() {
        double q1 = quantile(0.25);
        double q3 = quantile(0.75);
        return new double[] {q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)};
    }

    /** P(φ > k): e.g. with k the value of no reliance, how likely a good model relies on the feature at all. */
    public double probabilityAbove(double k) {
        return 1 - cdf(k);
    }
}
