package dev.rashomon.rashomon;

import dev.rashomon.config.Choice;
import dev.rashomon.info.LogLoss;

/** The per-row loss that model reliance and the exploration measure. */
public enum Loss implements Choice {
    /** −ln of the probability given to the label, clipped as scikit-learn does. */
    LOG_LOSS,
    /** 1 when the decision (score ≥ threshold) differs from the label, else 0. */
    ZERO_ONE;

    /** The loss of a binary score (P(class 1)) for a row labelled 0 or 1. */
    public double of(double score, int label, double threshold) {
        return switch (this) {
            case LOG_LOSS -> LogLoss.binary(score, label);
            case ZERO_ONE -> (score >= threshold ? 1 : 0) == label ? 0.0 : 1.0;
        };
    }
}
