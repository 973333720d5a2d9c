package dev.rashomon.multiplicity;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The measures of one row for one Rashomon set (reference sections 2.1–2.7). Indicators are 1 or
 * 0 and become rates in the summary; the others are summarised by their distribution over rows.
 * NaN marks a measure that is undefined for the row's set (fewer than two members where a formula
 * divides by m − 1) or not applicable to the task (binary-only measures on multiclass scores).
 */
public enum RowMeasure {
    /** Some member decides differently from the reference (Marx et al. 2020). */
    AMBIGUOUS("ambiguity"),
    /** Some member decides differently from the label (the Hsu–Calmon notebooks' variant). */
    AMBIGUOUS_VS_LABEL("ambiguity_vs_label"),
    /** Some two members decide differently (baseline-free; Long et al.). */
    PAIRWISE_AMBIGUOUS("pairwise_ambiguity"),
    VPR_LO(null),
    VPR_HI(null),
    /** Viable prediction range width (Watson-Daniels et al. 2023); multiclass: of the label's probability. */
    VPR_WIDTH(null),
    /** min < τ ≤ max: the decision can flip inside the set (binary only). */
    CROSSES_THRESHOLD("vpr_crossing_rate"),
    SCORE_STD(null),
    SCORE_STD_SAMPLE(null),
    RASHOMON_CAPACITY(null),
    CAPACITY_BITS(null),
    DISAGREEMENT_PLUGIN(null),
    DISAGREEMENT_UNBIASED(null),
    PAIRWISE_DISAGREEMENT(null),
    SELF_CONSISTENCY(null),
    /** max |s_h − s_ref| over the members; the row is δ-ambiguous when it is ≥ δ (binary only). */
    MAX_SCORE_DEVIATION(null);

    /** The measures summarised by mean, min, max, std, quantiles and top-k% means. */
    public static final List<RowMeasure> DISTRIBUTIONS = List.of(VPR_WIDTH, SCORE_STD, SCORE_STD_SAMPLE,
            RASHOMON_CAPACITY, CAPACITY_BITS, DISAGREEMENT_PLUGIN, DISAGREEMENT_UNBIASED, PAIRWISE_DISAGREEMENT,
            SELF_CONSISTENCY, MAX_SCORE_DEVIATION);
    /** The indicators summarised as the fraction of rows where they hold. */
    public static final List<RowMeasure> RATES = Arrays.stream(values()).filter(m -> m.rateName != null).toList();
    public static final int COUNT = values().length;

    private final String rateName;

    RowMeasure(String rateName) {
        this.rateName = rateName;
    }

    /** The per_row column. */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The summary column of an indicator's rate. */
    public String rateColumn() {
        return rateName;
    }
}
