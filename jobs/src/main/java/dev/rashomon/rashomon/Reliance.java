package dev.rashomon.rashomon;

import dev.rashomon.info.DecisionPatterns;
import java.util.ArrayList;
import java.util.List;

/**
 * Mean losses of every model on the evaluation rows as they are (e_orig) and under every
 * perturbation (e_switch), by pool index, with the perturbations' names: a feature, or a pair
 * {@code a|b}.
 */
record Reliance(long rows, double[] original, List<String> perturbations, double[][] perturbed,
                DecisionPatterns patterns) {

    /** The separator of a pair's features in its name. */
    static final String PAIR = "|";

    static String pairName(String a, String b) {
        return a + PAIR + b;
    }

    /** The features of a pair's name, or null for a single feature. */
    static String[] pairOf(String perturbation) {
        int at = perturbation.indexOf(PAIR);
        return at < 0 ? null : new String[] {perturbation.substring(0, at), perturbation.substring(at + 1)};
    }

    int indexOf(String perturbation) {
        return perturbations.indexOf(perturbation);
    }

    /** The single-feature perturbations, in order. */
    List<String> features() {
        List<String> out = new ArrayList<>();
        for (String p : perturbations) {
            if (pairOf(p) == null) {
                out.add(p);
            }
        }
        return out;
    }

    /** The pairs whose two features are perturbed alone too (others have no interaction score). */
    List<String> pairs() {
        List<String> out = new ArrayList<>();
        for (String p : perturbations) {
            String[] pair = pairOf(p);
            if (pair != null && indexOf(pair[0]) >= 0 && indexOf(pair[1]) >= 0) {
                out.add(p);
            }
        }
        return out;
    }

    ModelReliance of(int model, String perturbation) {
        return new ModelReliance(original[model], perturbed[indexOf(perturbation)][model]);
    }

    /** The feature interaction score of a pair for a model: φ_ab − φ_a − φ_b, φ the loss difference. */
    double interaction(int model, String pair) {
        String[] ab = pairOf(pair);
        return ModelReliance.interaction(of(model, pair).difference(), of(model, ab[0]).difference(),
                of(model, ab[1]).difference());
    }

    /** Combines the sums of a pass with the perturbations it ran. */
    static Reliance of(RelianceSums sums, List<String> perturbations) {
        double[] original = new double[sums.models];
        double[][] perturbed = new double[perturbations.size()][sums.models];
        for (int m = 0; m < sums.models; m++) {
            original[m] = sums.original[m].mean(sums.rows);
            for (int p = 0; p < perturbations.size(); p++) {
                perturbed[p][m] = sums.perturbed[p][m].mean(sums.rows);
            }
        }
        return new Reliance(sums.rows, original, List.copyOf(perturbations), perturbed, sums.patterns);
    }

    /** This, with more perturbations of the same rows (the pairs pass after the singles). */
    Reliance with(Reliance more) {
        List<String> names = new ArrayList<>(perturbations);
        names.addAll(more.perturbations);
        double[][] all = new double[names.size()][];
        System.arraycopy(perturbed, 0, all, 0, perturbed.length);
        System.arraycopy(more.perturbed, 0, all, perturbed.length, more.perturbed.length);
        return new Reliance(rows, original, names, all, patterns);
    }
}
