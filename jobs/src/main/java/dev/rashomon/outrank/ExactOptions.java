package dev.rashomon.outrank;

import static dev.rashomon.config.ConfigValues.check;
import static dev.rashomon.config.ConfigValues.orDefault;

import dev.rashomon.config.Doc;

/** OutRank's feature families in exact mode (outrank.exact.*), under OutRank's option names. */
public record ExactOptions(
        @Doc("1: single features; 2 or 3: also every combination 'a AND b [AND c]' of the features, with exact "
                + "joint counts") Integer interactionOrder,
        @Doc("most combinations built (the first ones in feature order); a warning says when the cap cuts")
        Integer combinationNumberUpperBound,
        @Doc("0: combinations of all features; k > 0: only of the k best single features by outrank.rank_by "
                + "(beyond OutRank; costs a second pass over the input)") Integer combinationTopK,
        @Doc("false: also score every feature pair against each other (the pairwise table) and rank by 3MR "
                + "(relevance − median redundancy + median relation)") Boolean targetRankingOnly,
        @Doc("add OutRank's CONTROL-* noise features (constant, gaussian, uniform, random cardinality 2 to 50k, "
                + "a copy of the target, near-unique ids) to see where noise ranks") Boolean includeNoiseBaselineFeatures,
        @Doc("seed of the CONTROL-* features (drawn per partition, so they alone depend on the input's partitioning)")
        Long noiseSeed,
        @Doc("a value seen in at most this many rows is rare (feature_profile.rare_values, the rare_values table)")
        Integer rareValueCountUpperBound,
        @Doc("also write the rare_values table: every rare (feature, value) with its count") Boolean rareValues,
        @Doc("OutRank's numeric transformer presets: none, minimal, default, fw-transformers (a comma list merges them); "
                + "features <column>_tr_… of every numeric column, kept by OutRank's rules") String transformers,
        @Doc("multivalue columns: each token of a value ('a,b' or 'a-b') becomes an indicator MULTIEX-<column>-<token>")
        java.util.List<String> explodeMultivalueFeatures,
        @Doc("OutRank's subfeature rules: 'a->b' gives SUBFEATURE-a&<b value> (a's value where b has it), "
                + "'a<->b' gives an indicator SUBFEATURE|a|b-<a value>&<b value> per value pair")
        java.util.List<String> subfeatureMapping) {

    public ExactOptions {
        interactionOrder = orDefault(interactionOrder, 1);
        combinationNumberUpperBound = orDefault(combinationNumberUpperBound, 32768);
        combinationTopK = orDefault(combinationTopK, 0);
        targetRankingOnly = orDefault(targetRankingOnly, true);
        includeNoiseBaselineFeatures = orDefault(includeNoiseBaselineFeatures, false);
        noiseSeed = orDefault(noiseSeed, 123L);
        rareValueCountUpperBound = orDefault(rareValueCountUpperBound, 1);
        rareValues = orDefault(rareValues, false);
        transformers = orDefault(transformers, "none");
        explodeMultivalueFeatures = dev.rashomon.config.ConfigValues.orEmpty(explodeMultivalueFeatures);
        subfeatureMapping = dev.rashomon.config.ConfigValues.orEmpty(subfeatureMapping);
    }

    public void validate() {
        check(interactionOrder >= 1 && interactionOrder <= 3, "outrank.exact.interaction_order", "1, 2 or 3", interactionOrder);
        check(rareValueCountUpperBound >= 1, "outrank.exact.rare_value_count_upper_bound", "at least 1",
                rareValueCountUpperBound);
        subfeatureMapping.forEach(DerivedFeatures.SubfeatureRule::parse);
        check(combinationTopK >= 0, "outrank.exact.combination_top_k", "0 or more", combinationTopK);
        check(combinationNumberUpperBound >= 1, "outrank.exact.combination_number_upper_bound", "at least 1",
                combinationNumberUpperBound);
    }

    /** Whether the scan must build combinations (as features, or as pairs for redundancy and relation). */
    int combinationOrder() {
        return targetRankingOnly ? interactionOrder : Math.max(2, interactionOrder);
    }
}
