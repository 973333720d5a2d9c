package dev.rashomon.info;

/**
 * Log-loss of one prediction, as scikit-learn's {@code log_loss}: a binary score s = P(class 1) is
 * clipped to [1e-15, 1 − 1e-15] before its complement is taken, a probability of the label is
 * clipped alone, and the loss is −ln of the probability given to the label. Every job that
 * computes a log-loss uses this, so the ensemble's losses and the multiplicity job's agree to the bit.
 */
public final class LogLoss {
    public static final double CLIP = 1e-15;

    private LogLoss() {
    }

    /** The loss of a binary score for a row whose label is 0 or 1. */
    public static double binary(double score, int label) {
        double s = clip(score);
        return -Math.log(label == 1 ? s : 1 - s);
    }

    /** The loss of the probability a model gives to the row's label. */
    public static double ofLabelProbability(double probability) {
        return -Math.log(clip(probability));
    }

    private static double clip(double p) {
        return Math.min(Math.max(p, CLIP), 1 - CLIP);
    }
}
