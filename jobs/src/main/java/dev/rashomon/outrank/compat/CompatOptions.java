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
        @Doc("distinct values per column counted for value_repetitions.json (OutRank's cap)") Integer maxUniqueHistConstraint,
        @Doc("transformer presets (none, minimal, default, fw-transformers) for the numeric (f32) columns of ob-vw input; "
                + "csv-raw has no typed columns, as in OutRank") String transformers,
        @Doc("multivalue columns exploded per batch into MULTIEX-<column>-<token> indicators") java.util.List<String> explodeMultivalueFeatures,
        @Doc("subfeature rules 'a->b' and 'a<->b', built per batch as OutRank does") java.util.List<String> subfeatureMapping,
        @Doc("add CONTROL-* noise columns per batch (OutRank 0.97.6 crashes on this option; here they are drawn from "
                + "a generator seeded by the batch number)") Boolean includeNoiseBaselineFeatures) implements Serializable {

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
        transformers = orDefault(transformers, "none");
        explodeMultivalueFeatures = dev.rashomon.config.ConfigValues.orEmpty(explodeMultivalueFeatures);
        subfeatureMapping = dev.rashomon.config.ConfigValues.orEmpty(subfeatureMapping);
        includeNoiseBaselineFeatures = orDefault(includeNoiseBaselineFeatures, false);
    }

    public void validate() {
        check(HEURISTICS.contains(heuristic), "outrank.compat.heuristic", "one of " + String.join(", ", HEURISTICS), "'" + heuristic + "'");
        check(subsampling >= 1, "outrank.compat.subsampling", "at least 1", subsampling);
        check(minibatchSize >= 1, "outrank.compat.minibatch_size", "at least 1", minibatchSize);
        check(interactionOrder >= 1 && interactionOrder <= 3, "outrank.compat.interaction_order", "1, 2 or 3", interactionOrder);
        check(combinationNumberUpperBound >= 1, "outrank.compat.combination_number_upper_bound", "at least 1",
                combinationNumberUpperBound);
        dev.rashomon.outrank.Transformers.of(transformers);
        subfeatureRules();
    }

    /** The missing-value symbols as OutRank splits them: {@code ",{}"} gives {'', '{}'}. */
    Set<String> missingSymbols() {
        return new LinkedHashSet<>(Arrays.asList(missingValueSymbols.split(",", -1)));
    }

    /** The subfeature rules as (first, second, "->" or "<->"). */
    List<String[]> subfeatureRules() {
        List<String[]> rules = new java.util.ArrayList<>();
        for (String rule : subfeatureMapping) {
            String operator = rule.contains("<->") ? "<->" : "->";
            String[] parts = rule.split(java.util.regex.Pattern.quote(operator), -1);
            if (!rule.contains("->") || parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new dev.rashomon.run.UserError("outrank.compat.subfeature_mapping: '" + rule + "' is not a->b or a<->b");
            }
            rules.add(new String[] {parts[0].trim(), parts[1].trim(), operator});
        }
        return rules;
    }

    boolean cardinalityCorrection() {
        return heuristic.equals("MI-numba-randomized");
    }
}
