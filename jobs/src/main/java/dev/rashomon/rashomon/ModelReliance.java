package dev.rashomon.rashomon;

/**
 * Model reliance of one model on one feature (Fisher, Rudin and Dominici 2019): how much its loss
 * grows when the feature's information is removed by perturbation.
 *
 * @param original e_orig, the mean loss on the evaluation rows as they are
 * @param perturbed e_switch, the mean loss with the feature perturbed (marginal replacement or a
 *     keyed pairing; the same perturbation for every model)
 */
public record ModelReliance(double original, double perturbed) {
    /** MR = e_switch / e_orig ("div"); 1 for a feature the model ignores. NaN when e_orig is 0. */
    public double ratio() {
        return original == 0 ? Double.NaN : perturbed / original;
    }

    /** MR = e_switch − e_orig ("sub", the FISC code's main effect φ); 0 for an ignored feature. */
    public double difference() {
        return perturbed - original;
    }

    /**
     * The feature interaction score of a pair for one model (Li et al.): φ_ij − φ_i − φ_j, with φ the
     * loss difference under perturbation of i, j and both. With common random numbers it is exactly 0
     * when the model ignores one of the two.
     */
    public static double interaction(double jointEffect, double effectOfFirst, double effectOfSecond) {
        return jointEffect - effectOfFirst - effectOfSecond;
    }
}
