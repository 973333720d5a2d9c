package dev.rashomon.rashomon;

import dev.rashomon.info.DecisionPatterns;
import dev.rashomon.info.ExactSum;
import java.io.Serializable;

/**
 * The mergeable sums behind model reliance: for every model, the exact sum of its loss over the
 * evaluation rows as they are and, for every perturbation, of its weighted loss over the perturbed
 * rows; plus each model's decision-pattern fingerprint. Exact sums make every mean the same for
 * any partitioning and row order.
 */
final class RelianceSums implements Serializable {
    private static final long serialVersionUID = 1L;

    final int models;
    /** The evaluation rows each mean is over (counted by the caller: a row has a line per model). */
    long rows;
    final ExactSum[] original;
    /** [perturbation][model]. */
    final ExactSum[][] perturbed;
    final DecisionPatterns patterns;

    RelianceSums(int models, int perturbations) {
        this.models = models;
        original = sums(models);
        perturbed = new ExactSum[perturbations][];
        for (int p = 0; p < perturbations; p++) {
            perturbed[p] = sums(models);
        }
        patterns = new DecisionPatterns(models);
    }

    private static ExactSum[] sums(int count) {
        ExactSum[] out = new ExactSum[count];
        for (int i = 0; i < count; i++) {
            out[i] = new ExactSum();
        }
        return out;
    }

    /** A model's score on a row as it is: its loss and decision. */
    void addOriginal(int model, long rowHash, double score, int label, Loss loss, double threshold) {
        original[model].add(loss.of(score, label, threshold));
        patterns.add(model, rowHash, score >= threshold ? 1 : 0);
    }

    /** A model's score on a perturbed copy of a row, weighted (a marginal value's share, or 1 for a paired row). */
    void addPerturbed(int perturbation, int model, double weight, double score, int label, Loss loss, double threshold) {
        perturbed[perturbation][model].add(weight * loss.of(score, label, threshold));
    }

    RelianceSums merge(RelianceSums other) {
        rows += other.rows;
        for (int m = 0; m < models; m++) {
            original[m].merge(other.original[m]);
        }
        for (int p = 0; p < perturbed.length; p++) {
            for (int m = 0; m < models; m++) {
                perturbed[p][m].merge(other.perturbed[p][m]);
            }
        }
        patterns.merge(other.patterns);
        return this;
    }
}
