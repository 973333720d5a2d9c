package dev.rashomon.multiplicity;

import dev.rashomon.run.UserError;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Rashomon sets of a pool by selection loss (reference section 0): the models with
 * {@code L(h) ≤ L(h0) + ε} (absolute) or {@code L(h) ≤ (1 + ε)·L(h0)} (relative), inclusive by
 * default, strict ({@code <}) on request. Ordered by loss, every set is a prefix of the same
 * order, which lets one pass over a row serve every ε.
 */
public final class RashomonSet {
    /** How ε is read. */
    public enum EpsilonMode implements dev.rashomon.config.Choice {
        ABSOLUTE, RELATIVE
    }

    /**
     * How a job's config defines its sets.
     *
     * @param epsilon the ε of each set
     * @param reference {@code best} (lowest loss; ties by model id) or a model id
     * @param excludeReference the reference anchors the bound but is not a member
     * @param section the config section these come from, for messages (e.g. {@code multiplicity})
     */
    public record Rule(List<Double> epsilon, EpsilonMode mode, boolean strict, String reference,
                       boolean excludeReference, String section) implements Serializable {
    }

    private RashomonSet() {
    }

    /** How many models, in loss order, are in the set around the reference's loss. */
    public static int size(double[] losses, double referenceLoss, double epsilon, EpsilonMode mode, boolean strict) {
        if (!(epsilon >= 0)) {
            throw new UserError("ε must be 0 or more, got " + epsilon + " (a negative ε defines no set)");
        }
        double bound = mode == EpsilonMode.ABSOLUTE ? referenceLoss + epsilon : (1 + epsilon) * referenceLoss;
        return (int) Arrays.stream(losses).filter(loss -> strict ? loss < bound : loss <= bound).count();
    }
}
