package dev.rashomon.multiplicity;

import static dev.rashomon.config.ConfigValues.check;
import static dev.rashomon.config.ConfigValues.orDefault;
import static dev.rashomon.config.ConfigValues.orEmpty;
import static dev.rashomon.config.ConfigValues.require;

import dev.rashomon.config.Choice;
import dev.rashomon.config.Doc;
import dev.rashomon.config.InputConfig;
import dev.rashomon.config.OutputConfig;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** The config of the {@code multiplicity} job. */
public record MultiplicityConfig(
        Predictions predictions,
        @Doc("per-model selection losses (columns model_id, loss; an ensemble job's models table is one); "
                + "without it every model's log-loss is computed from the predictions' labels and scores") Losses losses,
        Multiplicity multiplicity,
        OutputConfig output) {

    /** The per-row scores of the pool. */
    public record Predictions(
            @Doc(value = "file, folder or glob of the predictions; local, hdfs:// or s3a://", required = true) String path,
            @Doc(value = "csv, tsv, parquet, orc or json", required = true) InputConfig.Format format,
            @Doc("options passed to Spark's reader") Map<String, String> options,
            @Doc("wide: row_id, label, scores (an array in the models' order, or per-class arrays for multiclass; in "
                    + "CSV a list like [0.1, 0.7]); long: row_id, model_id, score, label, and class for multiclass")
            Layout layout,
            @Doc("how far a multiclass row's class probabilities (one model's) may sum from 1 before the row is refused; "
                    + "float32 scores round, so a little slack is usual") Double sumTolerance) {

        /** How the scores of a row are laid out. */
        public enum Layout implements Choice {
            WIDE, LONG
        }

        public Predictions {
            options = orEmpty(options);
            layout = orDefault(layout, Layout.WIDE);
            sumTolerance = orDefault(sumTolerance, 1e-6);
        }

        void validate() {
            check(sumTolerance >= 0 && sumTolerance < 1, "predictions.sum_tolerance", "a number in [0, 1)", sumTolerance);
        }

        InputConfig asInput() {
            return new InputConfig(path, format, options, null, null);
        }
    }

    /** Where the selection losses are read from. */
    public record Losses(
            @Doc("file, folder or glob of the losses") String path,
            @Doc("csv, tsv, parquet, orc or json") InputConfig.Format format,
            @Doc("options passed to Spark's reader") Map<String, String> options) {

        public Losses {
            options = orEmpty(options);
        }

        boolean given() {
            return path != null;
        }

        InputConfig asInput() {
            return new InputConfig(path, format, options, null, null);
        }
    }

    /** How the Rashomon sets are defined and what is measured. */
    public record Multiplicity(
            @Doc("Rashomon-set sizes to measure, one set per ε: the models with loss ≤ L_ref + ε (absolute) or "
                    + "≤ (1 + ε)·L_ref (relative)") List<Double> epsilon,
            @Doc("absolute or relative ε") RashomonSet.EpsilonMode epsilonMode,
            @Doc("true: membership by < instead of ≤ (so ε = 0 gives an empty set)") Boolean strict,
            @Doc("the reference model h0: best (lowest selection loss; ties by model_id) or a model_id") String reference,
            @Doc("true: the reference only anchors the bound and is not a member (a separately trained base model, "
                    + "as in the dropout-exploration code)") Boolean excludeReference,
            @Doc("decision threshold τ for binary scores: ŷ = 1 when score ≥ τ") Double threshold,
            @Doc("δ values of the score-based ambiguity and discrepancy (|s_h − s_ref| ≥ δ)") List<Double> delta,
            @Doc("columns whose values break every measure down by group (from the predictions, or from groups_from)")
            List<String> groups,
            @Doc("optional dataset with row_id and the group columns, joined to the predictions by row_id")
            GroupsFrom groupsFrom,
            @Doc("also write the per_row table (row_id, ε and every per-row measure: one row per row and ε with a non-empty set)") Boolean perRow,
            @Doc("pairwise discrepancy costs pool²/2 counter updates per row; it is skipped (null) above this many models")
            Integer pairwiseMaxModels) implements Serializable {

        public Multiplicity {
            epsilon = epsilon == null ? List.of(0.0, 0.005, 0.01, 0.02, 0.05) : List.copyOf(epsilon);
            epsilonMode = orDefault(epsilonMode, RashomonSet.EpsilonMode.ABSOLUTE);
            strict = orDefault(strict, false);
            reference = orDefault(reference, "best");
            excludeReference = orDefault(excludeReference, false);
            threshold = orDefault(threshold, 0.5);
            delta = delta == null ? List.of(0.05, 0.1, 0.2) : List.copyOf(delta);
            groups = orEmpty(groups);
            perRow = orDefault(perRow, false);
            pairwiseMaxModels = orDefault(pairwiseMaxModels, 128);
        }

        /** The Rashomon sets these options define. */
        public RashomonSet.Rule setRule() {
            return new RashomonSet.Rule(epsilon, epsilonMode, strict, reference, excludeReference, "multiplicity");
        }

        void validate() {
            check(!epsilon.isEmpty(), "multiplicity.epsilon", "a non-empty list", "[]");
            for (Double e : epsilon) {
                check(e != null && Double.isFinite(e), "multiplicity.epsilon", "a list of finite numbers", epsilon);
                check(e >= 0, "multiplicity.epsilon", "a list of numbers ≥ 0 (a negative ε defines an empty "
                        + "Rashomon set: no model is better than the reference by more than nothing)", epsilon);
            }
            check(epsilon.stream().distinct().count() == epsilon.size(), "multiplicity.epsilon",
                    "a list without repeats", epsilon);
            check(threshold > 0 && threshold <= 1, "multiplicity.threshold", "in (0, 1]", threshold);
            for (Double d : delta) {
                check(d != null && d > 0 && d <= 1, "multiplicity.delta", "a list of numbers in (0, 1]", delta);
            }
            require(reference, "multiplicity.reference");
            check(groups.stream().distinct().count() == groups.size(), "multiplicity.groups", "a list without repeats",
                    groups);
            check(pairwiseMaxModels >= 2, "multiplicity.pairwise_max_models", "at least 2", pairwiseMaxModels);
            if (groupsFrom != null) {
                groupsFrom.validate();
                check(!groups.isEmpty(), "multiplicity.groups", "set when groups_from is (which columns to take)", "[]");
            }
        }
    }

    /** A dataset to take group columns from. */
    public record GroupsFrom(
            @Doc("file, folder or glob") String path,
            @Doc("csv, tsv, parquet, orc or json") InputConfig.Format format,
            @Doc("options passed to Spark's reader") Map<String, String> options) implements Serializable {

        public GroupsFrom {
            options = orEmpty(options);
        }

        void validate() {
            require(path, "multiplicity.groups_from.path");
            require(format, "multiplicity.groups_from.format");
            checkTableFormat(format, "multiplicity.groups_from.format");
        }

        InputConfig asInput() {
            return new InputConfig(path, format, options, null, null);
        }
    }

    public MultiplicityConfig {
        predictions = orDefault(predictions, new Predictions(null, null, null, null, null));
        losses = orDefault(losses, new Losses(null, null, null));
        multiplicity = orDefault(multiplicity, new Multiplicity(null, null, null, null, null, null, null, null, null,
                null, null));
        output = orDefault(output, new OutputConfig(null, null, null));
    }

    public void validate() {
        require(predictions.path(), "predictions.path");
        require(predictions.format(), "predictions.format");
        checkTableFormat(predictions.format(), "predictions.format");
        predictions.validate();
        if (losses.given()) {
            require(losses.format(), "losses.format");
            checkTableFormat(losses.format(), "losses.format");
        } else {
            check(losses.format() == null && losses.options().isEmpty(), "losses.path",
                    "set when losses.format or losses.options are", "nothing");
        }
        multiplicity.validate();
        output.validate();
    }

    private static void checkTableFormat(InputConfig.Format format, String key) {
        check(format == InputConfig.Format.CSV || format == InputConfig.Format.TSV || format == InputConfig.Format.PARQUET
                || format == InputConfig.Format.ORC || format == InputConfig.Format.JSON, key,
                "one of csv, tsv, parquet, orc, json", format.configName());
    }
}
