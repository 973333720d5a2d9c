package dev.rashomon.rashomon;

import static dev.rashomon.config.ConfigValues.check;

/**
 * The options of the FISC exploration around one reference model (Li et al.; see {@link Exploration}).
 *
 * @param epsilonRate ε = epsilonRate · L*, the Rashomon bound relative to the reference loss (FISC default 0.1)
 * @param delta the step of the budget levels t ∈ {0, δ, …, 1}; 1/δ must be a whole number ≥ 2 (default 0.1: 11
 *     levels, 9 budget splits per pair)
 * @param learningRate the first step of the multiplier at every level (the FISC code's lr = 0.1)
 * @param shrinks rejected steps per level: each divides the step by 10, the last ends the level (FISC: 4)
 * @param maxUnchangedSteps accepted steps with an unchanged loss after which a feature is declared unimportant
 *     (FISC: 100; the count runs over all levels of one search)
 * @param rows evaluation rows in the subsample (default 1000)
 * @param permutations keyed pairings K averaged in every main and joint effect (default 5)
 * @param seed picks the subsample and the pairings
 */
public record ExplorationOptions(double epsilonRate, double delta, double learningRate, int shrinks,
        int maxUnchangedSteps, int rows, int permutations, long seed) {

    public ExplorationOptions {
        check(Double.isFinite(epsilonRate) && epsilonRate > 0, "epsilon_rate", "a number > 0", epsilonRate);
        check(delta > 0 && delta <= 0.5 && Math.abs(1 / delta - Math.rint(1 / delta)) < 1e-9, "delta",
                "1/k for a whole k ≥ 2 (0.5, 0.25, 0.2, 0.1, …)", delta);
        check(Double.isFinite(learningRate) && learningRate > 0, "learning_rate", "a number > 0", learningRate);
        check(shrinks >= 1, "shrinks", "at least 1", shrinks);
        check(maxUnchangedSteps >= 0, "max_unchanged_steps", "at least 0", maxUnchangedSteps);
        check(rows >= 2, "rows", "at least 2", rows);
        check(permutations >= 1, "permutations", "at least 1", permutations);
    }

    /** The FISC code's defaults. */
    public static ExplorationOptions defaults(long seed) {
        return new ExplorationOptions(0.1, 0.1, 0.1, 4, 100, 1000, 5, seed);
    }

    /** L = 1/δ: the budget levels are t_l = l·δ for l = 0..L. */
    public int levels() {
        return (int) Math.rint(1 / delta);
    }

    /** t_l = l·δ, as numpy's arange(0, 1 + 0.1, δ) computes it (start + l·step). */
    public double budget(int level) {
        return level * delta;
    }
}
