package dev.rashomon.rashomon;

import static dev.rashomon.config.ConfigValues.check;
import static dev.rashomon.config.ConfigValues.orDefault;
import static dev.rashomon.config.ConfigValues.orEmpty;
import static dev.rashomon.config.ConfigValues.require;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.rashomon.config.Choice;
import dev.rashomon.config.Doc;
import dev.rashomon.config.FeaturesConfig;
import dev.rashomon.config.InputConfig;
import dev.rashomon.config.OutputConfig;
import dev.rashomon.multiplicity.RashomonSet;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The config of the {@code rashomon} job. Models mode ({@code models.path} and {@code input}):
 * the job perturbs an evaluation dataset and scores it with every saved model. Scores mode
 * ({@code predictions} and {@code perturbed}): the scores come from outside, e.g. models trained
 * elsewhere.
 */
public record RashomonConfig(
        @Doc("models mode: the saved models") Models models,
        @Doc("models mode: the evaluation rows, raw as the models read them") InputConfig input,
        @Doc("models mode: the label column and which of its values is class 1") Label label,
        @Doc("models mode: the columns to perturb (default: every column but the label)") FeaturesConfig features,
        @Doc("scores mode: each model's scores on the evaluation rows as they are (long: row_id, model_id, score, label)")
        Table predictions,
        @Doc("scores mode: each model's scores on perturbed rows (row_id, model_id, perturbation, score); a perturbation "
                + "names a feature (x0) or a pair (x0|x1), perturbed the same way for every model") Table perturbed,
        @Doc("per-model selection losses (model_id, loss) that define the Rashomon sets; default: an ensemble run's "
                + "models table, else each model's loss on the evaluation rows") Table losses,
        @Doc("bootstrap groups for the importance distribution (model_id, group); default: an ensemble run's "
                + "bootstrap_id, else one group of all models") Table groups,
        Rashomon rashomon,
        OutputConfig output) {

    /** Which of the two ways in a run takes. */
    enum Mode {
        MODELS, SCORES
    }

    /** A table read with Spark. */
    public record Table(
            @Doc("file, folder or glob; local, hdfs:// or s3a://") String path,
            @Doc("csv, tsv, parquet, orc or json") InputConfig.Format format,
            @Doc("options passed to Spark's reader") Map<String, String> options) implements Serializable {

        public Table {
            options = orEmpty(options);
        }

        boolean given() {
            return path != null;
        }

        InputConfig asInput() {
            return new InputConfig(path, format, options, null, null);
        }

        void validate(String key) {
            if (!given()) {
                check(format == null && options.isEmpty(), key + ".path", "set when " + key + ".format or "
                        + key + ".options are", "nothing");
                return;
            }
            require(format, key + ".format");
            check(format == InputConfig.Format.CSV || format == InputConfig.Format.TSV
                    || format == InputConfig.Format.PARQUET || format == InputConfig.Format.ORC
                    || format == InputConfig.Format.JSON, key + ".format", "one of csv, tsv, parquet, orc, json",
                    format.configName());
        }
    }

    /** The saved models of models mode. */
    public record Models(
            @Doc("an ensemble run's output folder (its pipelines/ and models table are used), or a folder with one "
                    + "MLlib PipelineModel per sub-folder, named by its model_id") String path,
            @Doc("model_ids to use (default: every model found)") List<String> include,
            @Doc("the pipelines' output column holding P(class) as a vector; class 1 is at index 1")
            String probabilityColumn,
            @Doc("the partition of a partitioned ensemble run to use, e.g. {run_date: 2026-11-26}: its "
                    + "pipelines/run_date=2026-11-26/ and models/run_date=2026-11-26/") Map<String, String> partition)
            implements Serializable {

        public Models {
            include = orEmpty(include);
            probabilityColumn = orDefault(probabilityColumn, "probability");
            partition = orEmpty(partition);
        }

        /** {@code run_date=2026-11-26} (one folder level per key), or "" without a partition. */
        String partitionPath() {
            return OutputConfig.partitionPath(partition);
        }
    }

    /** The label of the evaluation rows. */
    public record Label(
            @Doc("label column") String column,
            @Doc("the label value that is class 1; every other value is class 0. Without it (and without threshold) "
                    + "the label must hold 0 and 1") String positiveClass,
            @Doc("for a numeric label: class 1 when value >= threshold") Double threshold) implements Serializable {

        public Label {
            column = orDefault(column, "label");
        }
    }

    /** Which pairs of features get a feature interaction score. */
    public enum Pairs implements Choice {
        /** Pairs among the top_k_features features the reference relies on most (by MR difference). */
        TOP_K,
        ALL,
        NONE
    }

    /** Which model reliance form the importance distribution is of. */
    public enum Importance implements Choice {
        DIFFERENCE, RATIO
    }

    /** The Rashomon sets and the statistics over them. */
    public record Rashomon(
            @Doc("Rashomon-set sizes, one set per ε: the models with loss ≤ L_ref + ε (absolute) or ≤ (1 + ε)·L_ref "
                    + "(relative)") List<Double> epsilon,
            @Doc("absolute or relative ε") RashomonSet.EpsilonMode epsilonMode,
            @Doc("true: membership by < instead of ≤") Boolean strict,
            @Doc("the reference model: best (lowest selection loss; ties by model_id) or a model_id") String reference,
            @Doc("true: the reference only anchors the bound and is not a member") Boolean excludeReference,
            @Doc("the per-row loss of model reliance: log-loss (clipped as scikit-learn) or zero-one") Loss loss,
            @Doc("decision threshold: ŷ = 1 when score ≥ threshold (zero-one loss, decision patterns)") Double threshold,
            @Doc("seed of the keyed row pairing (the same pairing for every model: common random numbers)") Long seed,
            @Doc("models mode: a feature with at most this many distinct values is perturbed by its empirical marginal "
                    + "(the exact expectation over its values); one with more by a keyed pairing of rows")
            Integer marginalMaxValues,
            @Doc("which pairs get feature interaction scores: top-k, all or none") Pairs pairs,
            @Doc("with pairs: top-k, the number of features (by the reference's MR difference) whose pairs are scored")
            @JsonProperty("top_k_features") Integer topKFeatures,
            @Doc("the model reliance form the importance distribution is of: difference or ratio") Importance ridImportance,
            @Doc("points of the grid each feature's importance CDF is given on (from its least to its greatest value)")
            Integer ridGridPoints,
            @Doc("models mode: also write the scores it computed in scores mode's layout, tables scores (row_id, "
                    + "model_id, score, label) and perturbed_scores (row_id, model_id, perturbation, score, weight); a "
                    + "scores-mode run on them reproduces this run's tables") Boolean writeScores,
            Exploration exploration) implements Serializable {

        public Rashomon {
            epsilon = epsilon == null ? List.of(0.0, 0.01, 0.02, 0.05) : List.copyOf(epsilon);
            epsilonMode = orDefault(epsilonMode, RashomonSet.EpsilonMode.ABSOLUTE);
            strict = orDefault(strict, false);
            reference = orDefault(reference, "best");
            excludeReference = orDefault(excludeReference, false);
            loss = orDefault(loss, Loss.LOG_LOSS);
            threshold = orDefault(threshold, 0.5);
            seed = orDefault(seed, 17L);
            marginalMaxValues = orDefault(marginalMaxValues, 32);
            pairs = orDefault(pairs, Pairs.TOP_K);
            topKFeatures = orDefault(topKFeatures, 5);
            ridImportance = orDefault(ridImportance, Importance.DIFFERENCE);
            ridGridPoints = orDefault(ridGridPoints, 101);
            writeScores = orDefault(writeScores, false);
            exploration = orDefault(exploration, new Exploration(null, null, null, null, null, null, null, null, null,
                    null));
        }

        /** The Rashomon sets these options define. */
        public RashomonSet.Rule setRule() {
            return new RashomonSet.Rule(epsilon, epsilonMode, strict, reference, excludeReference, "rashomon");
        }

        void validate() {
            check(!epsilon.isEmpty(), "rashomon.epsilon", "a non-empty list", "[]");
            for (Double e : epsilon) {
                check(e != null && Double.isFinite(e) && e >= 0, "rashomon.epsilon", "a list of finite numbers ≥ 0",
                        epsilon);
            }
            check(epsilon.stream().distinct().count() == epsilon.size(), "rashomon.epsilon", "a list without repeats",
                    epsilon);
            require(reference, "rashomon.reference");
            check(threshold > 0 && threshold <= 1, "rashomon.threshold", "in (0, 1]", threshold);
            check(marginalMaxValues >= 0, "rashomon.marginal_max_values", "0 or more", marginalMaxValues);
            check(topKFeatures >= 2, "rashomon.top_k_features", "at least 2 (a pair needs two features)", topKFeatures);
            check(ridGridPoints >= 2, "rashomon.rid_grid_points", "at least 2", ridGridPoints);
            exploration.validate();
        }
    }

    /** The FISC exploration around the reference model (models mode). */
    public record Exploration(
            @Doc("run the exploration: the input-rescaling class f(m ⊙ x) around the reference, searched greedily per "
                    + "feature and direction, then FIS over budget splits and sign quadrants (Li et al.)") Boolean enabled,
            @Doc("numeric columns to rescale (default: every perturbed feature whose column is numeric)") List<String> features,
            @Doc("ε of the explored set, relative to the reference's loss L* on the sampled rows: ε = rate · L*")
            Double epsilonRate,
            @Doc("step of the budget levels t = 0, δ, …, 1") Double delta,
            @Doc("first step of a multiplier in the greedy search") Double learningRate,
            @Doc("rejected steps per budget level: each divides the step by 10, the last ends the level") Integer shrinks,
            @Doc("accepted steps without a change of loss after which a feature is declared unimportant")
            Integer maxUnchangedSteps,
            @Doc("evaluation rows the exploration uses: those with the smallest keyed hash (a fixed subsample)")
            Integer rows,
            @Doc("keyed pairings averaged in each main effect and joint effect") Integer permutations,
            @Doc("the reference of the exploration: reference (the Rashomon sets' reference) or a model_id") String model)
            implements Serializable {

        public Exploration {
            enabled = orDefault(enabled, false);
            features = orEmpty(features);
            epsilonRate = orDefault(epsilonRate, 0.1);
            delta = orDefault(delta, 0.1);
            learningRate = orDefault(learningRate, 0.1);
            shrinks = orDefault(shrinks, 4);
            maxUnchangedSteps = orDefault(maxUnchangedSteps, 100);
            rows = orDefault(rows, 1000);
            permutations = orDefault(permutations, 5);
            model = orDefault(model, "reference");
        }

        ExplorationOptions options(long seed) {
            return new ExplorationOptions(epsilonRate, delta, learningRate, shrinks, maxUnchangedSteps, rows, permutations,
                    seed);
        }

        void validate() {
            check(epsilonRate > 0, "rashomon.exploration.epsilon_rate", "above 0", epsilonRate);
            check(delta > 0 && delta <= 0.5, "rashomon.exploration.delta", "in (0, 0.5]", delta);
            check(Math.abs(1 / delta - Math.round(1 / delta)) < 1e-9, "rashomon.exploration.delta",
                    "1 divided by a whole number (0.1, 0.2, 0.25, 0.5)", delta);
            check(learningRate > 0, "rashomon.exploration.learning_rate", "above 0", learningRate);
            check(shrinks >= 1, "rashomon.exploration.shrinks", "at least 1 (the last rejected step ends a level)", shrinks);
            check(maxUnchangedSteps >= 0, "rashomon.exploration.max_unchanged_steps", "0 or more", maxUnchangedSteps);
            check(rows >= 2, "rashomon.exploration.rows", "at least 2", rows);
            check(permutations >= 1, "rashomon.exploration.permutations", "at least 1", permutations);
            check(features.stream().distinct().count() == features.size(), "rashomon.exploration.features",
                    "a list without repeats", features);
        }
    }

    public RashomonConfig {
        models = orDefault(models, new Models(null, null, null, null));
        label = orDefault(label, new Label(null, null, null));
        features = orDefault(features, new FeaturesConfig(null, null));
        predictions = orDefault(predictions, new Table(null, null, null));
        perturbed = orDefault(perturbed, new Table(null, null, null));
        losses = orDefault(losses, new Table(null, null, null));
        groups = orDefault(groups, new Table(null, null, null));
        rashomon = orDefault(rashomon, new Rashomon(null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null));
        output = orDefault(output, new OutputConfig(null, null, null));
    }

    Mode mode() {
        return models.path() != null ? Mode.MODELS : Mode.SCORES;
    }

    public void validate() {
        boolean modelsMode = models.path() != null;
        boolean scoresMode = predictions.given() || perturbed.given();
        check(modelsMode || scoresMode, "models.path", "set (models mode), or predictions and perturbed set "
                + "(scores mode)", "nothing");
        check(!(modelsMode && scoresMode), "models.path", "set without predictions and perturbed (models mode scores "
                + "the rows itself; scores mode reads scores made elsewhere)", models.path());
        if (modelsMode) {
            require(input, "input");
            input.validate();
            input.badRows().requireNoRejectedTable("for the rashomon job");
            require(label.column(), "label.column");
            features.validate();
            check(label.threshold() == null || Double.isFinite(label.threshold()), "label.threshold", "a finite number",
                    label.threshold());
            check(label.threshold() == null || label.positiveClass() == null, "label.threshold",
                    "unset when label.positive_class is set", label.threshold());
            check(models.include().stream().distinct().count() == models.include().size(), "models.include",
                    "a list without repeats", models.include());
        } else {
            require(predictions.path(), "predictions.path");
            require(perturbed.path(), "perturbed.path");
            check(input == null, "input", "unset in scores mode (the scores are given)", input);
            check(!rashomon.writeScores(), "rashomon.write_scores", "false in scores mode (the scores are given)", true);
            check(!rashomon.exploration().enabled(), "rashomon.exploration.enabled",
                    "false in scores mode (the exploration rescales inputs of a saved model: models mode)", true);
        }
        predictions.validate("predictions");
        perturbed.validate("perturbed");
        losses.validate("losses");
        groups.validate("groups");
        rashomon.validate();
        output.validate();
    }
}
