package dev.rashomon.multiplicity;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * The {@code conventions} table: for every number the job reports, its definition, the convention
 * chosen where published code differs, and its source — so a figure can be compared with a paper's
 * code without reading ours. The run's own choices (ε mode, membership, reference, τ) are filled in.
 */
final class Conventions {
    private Conventions() {
    }

    static Dataset<Row> table(SparkSession spark, MultiplicityConfig.Multiplicity options, Pool pool, boolean binary,
                              String lossSource) {
        String membership = options.strict() ? "<" : "≤";
        String bound = options.epsilonMode() == RashomonSet.EpsilonMode.ABSOLUTE ? "L(h) " + membership + " L(h0) + ε"
                : "L(h) " + membership + " (1 + ε)·L(h0)";
        String multiclassNote = binary ? "" : " Not applicable to multiclass scores: reported as null.";
        List<Row> rows = new ArrayList<>();
        rows.add(row("rashomon_set", "R_ε = {h in the pool : " + bound + "}" + (options.excludeReference()
                ? ", without h0 (it anchors the bound only)" : "") + "; h0 = " + pool.modelId(pool.reference())
                + " (" + options.reference() + "); losses: " + lossSource, options.epsilonMode().configName() + " ε, "
                + (options.strict() ? "strict" : "inclusive") + " membership", "Marx et al. 2020; Semenova et al."));
        rows.add(row("decision", binary ? "ŷ = 1[s ≥ τ], τ = " + options.threshold() : "ŷ = argmax_k p_k, ties to the "
                + "lowest class", binary ? "≥ at the threshold" : "lowest index on ties", "reference section 0"));
        rows.add(row("rashomon_ratio", "set_size / pool_size", "pool-relative: an estimate of the paper's volume ratio "
                + "only for a uniformly sampled pool", "Semenova, Rudin, Parr"));
        rows.add(row("ambiguity", "share of rows where some member decides differently from h0",
                "against h0 (not the label)", "Marx, Calmon, Ustun 2020"));
        rows.add(row("ambiguity_vs_label", "share of rows where some member decides differently from the label",
                "against the label", "Hsu & Calmon notebooks"));
        rows.add(row("pairwise_ambiguity", "share of rows where two members decide differently", "baseline-free",
                "Long et al. 2023"));
        rows.add(row("discrepancy", "max over members of the share of rows where the member decides differently from h0; "
                + "discrepancy_model attains it (ties: lower loss)", "against h0", "Marx, Calmon, Ustun 2020"));
        rows.add(row("discrepancy_vs_label", "max over members of the share of rows decided differently from the label "
                + "(the worst member's error rate)", "against the label", "Hsu & Calmon notebooks"));
        rows.add(row("pairwise_discrepancy", "max over member pairs of the share of rows they decide differently",
                "null above multiplicity.pairwise_max_models", "churn between two models"));
        rows.add(row("score_ambiguity", "share of rows with max over members |s_h − s_h0| ≥ δ", "≥ δ",
                "Watson-Daniels, Parkes, Ustun 2023" + multiclassNote));
        rows.add(row("score_discrepancy", "max over members of the share of rows with |s_h − s_h0| ≥ δ", "≥ δ",
                "Watson-Daniels, Parkes, Ustun 2023" + multiclassNote));
        rows.add(row("vpr_width", "max − min of the members' scores on the row" + (binary ? ""
                : " (the probability of the row's label)"), binary ? "score of class 1" : "true-label probability, as the "
                + "dropout-exploration code", "Watson-Daniels, Parkes, Ustun 2023"));
        rows.add(row("vpr_crossing_rate", "share of rows with min < τ ≤ max", "the decision can flip inside the set",
                "Watson-Daniels, Parkes, Ustun 2023" + multiclassNote));
        rows.add(row("score_std", "standard deviation of the members' scores on the row", "ddof 0 (score_std_sample: "
                + "ddof 1)", "dropout-exploration code (ddof 0); Long et al. (ddof 1)"));
        rows.add(row("capacity_bits", "C = max_π I(H; Ŷ) of the channel of the members' probability vectors, in bits",
                binary ? "closed form from the row's min and max score" : "Blahut–Arimoto to a certified gap < 1e-12 bits "
                + "or 1e-9 relative", "Hsu & Calmon 2022"));
        rows.add(row("rashomon_capacity", "2^C, in [1, classes]", "Rashomon capacity, not bits", "Hsu & Calmon 2022"));
        rows.add(row("disagreement_plugin", "4 μ (1 − μ), μ = share of members deciding 1", "plug-in, biased down by "
                + "(m − 1)/m", "dropout-exploration code" + multiclassNote));
        rows.add(row("disagreement_unbiased", "4 n0 n1 / (m (m − 1)) = 4·Var(ŷ), ddof 1", "unbiased; can exceed 1 for "
                + "small m; null for m < 2", "Kulynych et al. 2023" + multiclassNote));
        rows.add(row("pairwise_disagreement", "1 − Σ_k n_k (n_k − 1) / (m (m − 1))", "over distinct member pairs; null "
                + "for m < 2", "U-statistic"));
        rows.add(row("self_consistency", "1 − pairwise_disagreement", "null for m < 2", "Cooper et al. 2024"));
        rows.add(row("pattern_rashomon_ratio", "distinct decision vectors among members / among the whole pool, over the "
                + "group's rows", "order-independent fingerprints (two 64-bit modular sums)", "Semenova, Rudin, Parr"));
        rows.add(row("summary statistics", "*_mean and *_std over rows (ddof 0) from exact sums; *_p50.._p99 linear "
                + "interpolation between order statistics; *_topK_mean = mean of the rows ≥ the (1 − K%) quantile",
                "numpy's default quantile; quantile_mean of the dropout-exploration code", "reference section 2.6"));
        return spark.createDataFrame(rows, DataTypes.createStructType(List.of(
                DataTypes.createStructField("measure", DataTypes.StringType, false),
                DataTypes.createStructField("definition", DataTypes.StringType, false),
                DataTypes.createStructField("convention", DataTypes.StringType, false),
                DataTypes.createStructField("source", DataTypes.StringType, false))));
    }

    private static Row row(String measure, String definition, String convention, String source) {
        return RowFactory.create(measure, definition, convention, source);
    }
}
