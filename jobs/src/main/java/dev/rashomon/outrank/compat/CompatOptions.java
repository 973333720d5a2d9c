package dev.rashomon.outrank.compat;

import static dev.rashomon.config.ConfigValues.check;
import static dev.rashomon.config.ConfigValues.orDefault;

import dev.rashomon.config.Doc;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** OutRank 0.97.6's options, under their own names and defaults (outrank.compat.*). */
public record CompatOptions(
        @Doc("MI-numba-randomized (cardinality-corrected, OutRank's default), MI or AMI") String heuristic,
        @Doc("keep the data lines whose 1-based number is divisible by this") Integer subsampling,
        @Doc("rows per batch; each batch is scored on its own, the result is the median over batches") Integer minibatchSize,
        @Doc("true: score each feature against the label; false: every pair of columns") Boolean targetRankingOnly,
        @Doc("1: single features; 2 or 3: also hashed combination features 'a AND b'") Integer interactionOrder,
        @Doc("most pairs (and combinations) scored per batch; beyond it batches take turns (round robin)")
        Integer combinationNumberUpperBound,
        @Doc("comma-separated values that count as missing for coverage (OutRank: '' and '{}')") String missingValueSymbols,
        @Doc("decorate names as name-(cardinality; coverage)") Boolean includeCardinalityInFeatureNames,
        @Doc("distinct values per column counted for value_repetitions.json (OutRank's cap)") Integer maxUniqueHistConstraint) implements Serializable {

    /** Heuristics of the compatible surface. */
    static final List<String> HEURISTICS = List.of("MI-numba-randomized", "MI", "AMI");

    public CompatOptions {
        heuristic = orDefault(heuristic, "MI-numba-randomized");
        subsampling = orDefault(subsampling, 10);
        minibatchSize = orDefault(minibatchSize, 16384);
        targetRankingOnly = orDefault(targetRankingOnly, true);
        interactionOrder = orDefault(interactionOrder, 1);
        combinationNumberUpperBound = orDefault(combinationNumberUpperBound, 32768);
        missingValueSymbols = orDefault(missingValueSymbols, ",{}");
        includeCardinalityInFeatureNames = orDefault(includeCardinalityInFeatureNames, true);
        maxUniqueHistConstraint = orDefault(maxUniqueHistConstraint, 30000);
    }

    public void validate() {
        check(HEURISTICS.contains(heuristic), "outrank.compat.heuristic", "one of " + String.join(", ", HEURISTICS), "'" + heuristic + "'");
        check(subsampling >= 1, "outrank.compat.subsampling", "at least 1", subsampling);
        check(minibatchSize >= 1, "outrank.compat.minibatch_size", "at least 1", minibatchSize);
        check(interactionOrder >= 1 && interactionOrder <= 3, "outrank.compat.interaction_order", "1, 2 or 3", interactionOrder);
        check(combinationNumberUpperBound >= 1, "outrank.compat.combination_number_upper_bound", "at least 1",
                combinationNumberUpperBound);
    }

    /** The missing-value symbols as OutRank splits them: {@code ",{}"} gives {'', '{}'}. */
    Set<String> missingSymbols() {
        return new LinkedHashSet<>(Arrays.asList(missingValueSymbols.split(",", -1)));
    }

    boolean cardinalityCorrection() {
        return heuristic.equals("MI-numba-randomized");
    }
}
