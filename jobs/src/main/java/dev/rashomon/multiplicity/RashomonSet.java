package dev.rashomon.multiplicity;

import dev.rashomon.run.UserError;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

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

    private RashomonSet() {
    }

    /** Model indexes by increasing loss; ties by index, so the order is deterministic. */
    public static int[] lossOrder(double[] losses) {
        return IntStream.range(0, losses.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> losses[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
    }

    /** The index of the best model: the reference {@code best}. */
    public static int best(double[] losses) {
        return lossOrder(losses)[0];
    }

    /** How many models, in loss order, are in the set around the reference's loss. */
    public static int size(double[] losses, double referenceLoss, double epsilon, EpsilonMode mode, boolean strict) {
        if (!(epsilon >= 0)) {
            throw new UserError("multiplicity.epsilon must be 0 or more, got " + epsilon + " (a negative ε defines no set)");
        }
        double bound = mode == EpsilonMode.ABSOLUTE ? referenceLoss + epsilon : (1 + epsilon) * referenceLoss;
        return (int) Arrays.stream(losses).filter(loss -> strict ? loss < bound : loss <= bound).count();
    }
}
