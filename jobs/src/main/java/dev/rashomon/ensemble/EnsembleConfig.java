package dev.rashomon.ensemble;

import static dev.rashomon.config.ConfigValues.check;
import static dev.rashomon.config.ConfigValues.orDefault;
import static dev.rashomon.config.ConfigValues.orEmpty;
import static dev.rashomon.config.ConfigValues.require;

import dev.rashomon.config.Choice;
import dev.rashomon.config.Doc;
import dev.rashomon.config.FeaturesConfig;
import dev.rashomon.config.InputConfig;
import dev.rashomon.config.OutputConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** The config of the {@code ensemble} job. */
public record EnsembleConfig(
        InputConfig input,
        Label label,
        FeaturesConfig features,
        @Doc("values that mean \"no value\" (null cells always do): a missing number is imputed with the training "
                + "mean, a missing category sets no feature") List<String> missing,
        Numeric numeric,
        Ensemble ensemble,
        Output output) {

    /** The label column and which of its values is class 1. */
    public record Label(
            @Doc("label column") String column,
            @Doc("for a numeric label: class 1 when value >= threshold, else 0 (instead of ensemble.positive_class)")
            Double threshold) {

        public Label {
            column = orDefault(column, "label");
        }
    }

    /** Which columns hold numbers. */
    public record Numeric(
            @Doc("columns of a text format (csv, tsv) that hold numbers; in typed formats (parquet, orc, json) "
                    + "columns of a numeric type are numeric anyway; every other feature is categorical. A value "
                    + "that is not a number is a bad row") List<String> columns) {

        public Numeric {
            columns = orEmpty(columns);
        }
    }

    /** How categorical features become vector entries for the linear families (LR, FM). */
    public enum Encoding implements Choice {
        HASH, ONE_HOT
    }

    /** The pool: the split, the feature encoding, the families and their grids. */
    public record Ensemble(
            @Doc("the label value that is class 1; every other value is class 0. Without it (and without "
                    + "label.threshold) the label must hold 0 and 1") String positiveClass,
            @Doc("categorical features of the linear families: hash (FeatureHasher, no vocabulary) or one-hot "
                    + "(StringIndexer + OneHotEncoder; unseen and missing values set no entry). Trees always take "
                    + "a category's index, see tree_max_categories") Encoding encoding,
            @Doc("width of the hashed categorical vector (encoding: hash). LR and FM cost grows with it: MLlib's own "
                    + "default, 262144, takes ~25 s per LR model even on German credit's 700 rows; raise it for "
                    + "millions of categories") Integer hashWidth,
            @Doc("categorical columns with at most this many values enter RF and GBT as categories (max_bins is "
                    + "raised to fit them); columns with more enter as their frequency rank, an ordered number")
            Integer treeMaxCategories,
            @Doc("share of rows held out as the selection split, in (0, 1); models train on the rest") Double selectionFraction,
            @Doc("seed of the split: a row is in the selection split when a 64-bit mix of (row_id, seed) falls "
                    + "below selection_fraction, whatever the partitioning") Long splitSeed,
            @Doc("input column that identifies rows (unique integers, never empty); without it row_id is the "
                    + "row's position in the input: files sorted by path, rows in file order, from 0") String rowId,
            @Doc("input columns copied into the predictions table, e.g. protected attributes for group breakdowns")
            List<String> keepColumns,
            @Doc("0: train each configuration once on the training split; B > 0: train each on B bootstrap "
                    + "resamples of it (row r appears Poisson(1) times, drawn from (row_id, bootstrap_seed, b))")
            Integer bootstraps,
            @Doc("seed of the bootstrap resamples") Long bootstrapSeed,
            @Doc("partitions of the prepared rows: rows go to partitions by a hash of row_id, sorted within them, "
                    + "so models do not depend on the input's files. With 1 every number is reproducible to the bit "
                    + "(under MLlib's Java BLAS; a native BLAS rounds LR gradients and GBT margins by memory "
                    + "alignment, about 1e-13). With more, MLlib merges partial sums in task-completion order and "
                    + "scores differ in the last bits between runs. Raise it for tables too large for one task per pass")
            Integer partitions,
            @Doc("families to train, in pool order: logistic_regression, factorization_machines, random_forest, gbt")
            List<String> families,
            LogisticRegression logisticRegression,
            FactorizationMachines factorizationMachines,
            RandomForest randomForest,
            Gbt gbt) {

        public Ensemble {
            encoding = orDefault(encoding, Encoding.HASH);
            hashWidth = orDefault(hashWidth, 16_384);
            treeMaxCategories = orDefault(treeMaxCategories, 32);
            selectionFraction = orDefault(selectionFraction, 0.3);
            splitSeed = orDefault(splitSeed, 42L);
            keepColumns = orEmpty(keepColumns);
            bootstraps = orDefault(bootstraps, 0);
            bootstrapSeed = orDefault(bootstrapSeed, 7L);
            partitions = orDefault(partitions, 1);
            families = listOr(families, Family.names());
            logisticRegression = orDefault(logisticRegression, new LogisticRegression(null, null, null));
            factorizationMachines = orDefault(factorizationMachines, new FactorizationMachines(null, null, null, null, null));
            randomForest = orDefault(randomForest, new RandomForest(null, null, null));
            gbt = orDefault(gbt, new Gbt(null, null, null, null, null));
        }

        void validate() {
            check(hashWidth >= 1, "ensemble.hash_width", "at least 1", hashWidth);
            check(treeMaxCategories >= 2, "ensemble.tree_max_categories", "at least 2", treeMaxCategories);
            check(selectionFraction > 0 && selectionFraction < 1, "ensemble.selection_fraction", "in (0, 1)", selectionFraction);
            check(bootstraps >= 0, "ensemble.bootstraps", "0 or more", bootstraps);
            check(partitions >= 1, "ensemble.partitions", "at least 1", partitions);
            check(rowId == null || !rowId.isBlank(), "ensemble.row_id", "a column name", "''");
            check(positiveClass == null || !positiveClass.isEmpty(), "ensemble.positive_class", "a label value", "''");
            checkDistinct(keepColumns, "ensemble.keep_columns");
            check(!families.isEmpty(), "ensemble.families", "a non-empty list of " + String.join(", ", Family.names()), "[]");
            checkDistinct(families, "ensemble.families");
            for (String family : families) {
                check(Family.byName(family) != null, "ensemble.families", "a list of " + String.join(", ", Family.names()),
                        "'" + family + "'");
            }
            logisticRegression.validate();
            factorizationMachines.validate();
            randomForest.validate();
            gbt.validate();
        }

        List<Family> familyList() {
            return families.stream().map(Family::byName).toList();
        }
    }

    /** {@code LogisticRegression}: one model per (reg_param, elastic_net_param). */
    public record LogisticRegression(
            @Doc("regularisation strengths; with 0 the elastic-net mix has no effect, so it is trained once")
            List<Double> regParam,
            @Doc("elastic-net mixes: 0 is L2, 1 is L1") List<Double> elasticNetParam,
            @Doc("iterations of L-BFGS / OWL-QN") Integer maxIter) {

        public LogisticRegression {
            regParam = listOr(regParam, List.of(0.0, 0.001, 0.01, 0.1));
            elasticNetParam = listOr(elasticNetParam, List.of(0.0, 0.5, 1.0));
            maxIter = orDefault(maxIter, 100);
        }

        void validate() {
            String key = "ensemble.logistic_regression.";
            grid(regParam, key + "reg_param", v -> v >= 0 && Double.isFinite(v), "numbers >= 0");
            grid(elasticNetParam, key + "elastic_net_param", v -> v >= 0 && v <= 1, "numbers in [0, 1]");
            check(maxIter >= 1, key + "max_iter", "at least 1", maxIter);
        }
    }

    /** {@code FMClassifier}: one model per (factor_size, reg_param, seed). */
    public record FactorizationMachines(
            @Doc("dimensions of the pairwise-interaction factors") List<Integer> factorSize,
            @Doc("L2 regularisation strengths") List<Double> regParam,
            @Doc("AdamW step size") Double stepSize,
            @Doc("AdamW rounds over the full batch. Few rounds of small steps keep FM from overfitting a small "
                    + "table: the defaults give German credit (700 training rows) a selection log-loss of 0.52-0.53, "
                    + "while bank marketing (31,628 rows) needs step 0.05 for 50 rounds") Integer maxIter,
            @Doc("seeds of the factor initialisation: one model per seed") List<Long> seeds) {

        public FactorizationMachines {
            factorSize = listOr(factorSize, List.of(4, 8));
            regParam = listOr(regParam, List.of(0.0, 0.01));
            // Measured on German credit (700 training rows): step 0.01 for 20 rounds gives a selection
            // log-loss of 0.52-0.53 for every default (k, reg); 50 rounds overfit (0.57-0.70), step 0.05 more so.
            stepSize = orDefault(stepSize, 0.01);
            maxIter = orDefault(maxIter, 20);
            seeds = listOr(seeds, List.of(1L, 2L, 3L));
        }

        void validate() {
            String key = "ensemble.factorization_machines.";
            grid(factorSize, key + "factor_size", v -> v >= 1, "integers >= 1");
            grid(regParam, key + "reg_param", v -> v >= 0 && Double.isFinite(v), "numbers >= 0");
            grid(seeds, key + "seeds", v -> true, "integers");
            check(stepSize > 0 && Double.isFinite(stepSize), key + "step_size", "a number > 0", stepSize);
            check(maxIter >= 1, key + "max_iter", "at least 1", maxIter);
        }
    }

    /** {@code RandomForestClassifier}: one model per (num_trees, max_depth, seed). */
    public record RandomForest(
            @Doc("trees per forest") List<Integer> numTrees,
            @Doc("depths of the trees") List<Integer> maxDepth,
            @Doc("seeds of the bootstrap and feature subsets: one model per seed") List<Long> seeds) {

        public RandomForest {
            numTrees = listOr(numTrees, List.of(50));
            maxDepth = listOr(maxDepth, List.of(4, 6));
            seeds = listOr(seeds, List.of(1L, 2L, 3L));
        }

        void validate() {
            String key = "ensemble.random_forest.";
            grid(numTrees, key + "num_trees", v -> v >= 1, "integers >= 1");
            grid(maxDepth, key + "max_depth", v -> v >= 0 && v <= 30, "integers in [0, 30]");
            grid(seeds, key + "seeds", v -> true, "integers");
        }
    }

    /** {@code GBTClassifier}: one model per (max_iter, max_depth, seed). */
    public record Gbt(
            @Doc("boosting rounds") List<Integer> maxIter,
            @Doc("depths of the trees") List<Integer> maxDepth,
            @Doc("shrinkage of each round, in (0, 1]") Double stepSize,
            @Doc("share of the training rows each round sees, in (0, 1]; below 1 each seed gives another model "
                    + "(at 1 the seeds only change how split candidates are sampled from more than 10,000 rows)")
            Double subsamplingRate,
            @Doc("seeds of the row subsamples: one model per seed") List<Long> seeds) {

        public Gbt {
            maxIter = listOr(maxIter, List.of(20, 50));
            maxDepth = listOr(maxDepth, List.of(3));
            stepSize = orDefault(stepSize, 0.1);
            subsamplingRate = orDefault(subsamplingRate, 0.8);
            seeds = listOr(seeds, List.of(1L, 2L, 3L));
        }

        void validate() {
            String key = "ensemble.gbt.";
            grid(maxIter, key + "max_iter", v -> v >= 1, "integers >= 1");
            grid(maxDepth, key + "max_depth", v -> v >= 0 && v <= 30, "integers in [0, 30]");
            grid(seeds, key + "seeds", v -> true, "integers");
            check(stepSize > 0 && stepSize <= 1, key + "step_size", "in (0, 1]", stepSize);
            check(subsamplingRate > 0 && subsamplingRate <= 1, key + "subsampling_rate", "in (0, 1]", subsamplingRate);
        }
    }

    /** Where the tables go, and how the predictions are laid out. */
    public record Output(
            @Doc(value = "folder that receives one sub-folder per table, run.json and _SUCCESS; local, hdfs:// or s3a://",
                    required = true) String path,
            @Doc("table file format") OutputConfig.Format format,
            @Doc("partition of every table this run writes, e.g. {run_date: 2026-11-26} -> run_date=2026-11-26/; "
                    + "a rerun of the same partition replaces it") Map<String, String> partition,
            @Doc("predictions table: wide (row_id, label, keep_columns, scores[] in score_index order) or long "
                    + "(row_id, model_id, score, label, keep_columns)") Layout layout,
            OutputConfig.Catalog catalog) {

        /** Layouts of the predictions table. */
        public enum Layout implements Choice {
            WIDE, LONG
        }

        public Output {
            format = orDefault(format, OutputConfig.Format.PARQUET);
            partition = orEmpty(partition);
            layout = orDefault(layout, Layout.WIDE);
            catalog = orDefault(catalog, new OutputConfig.Catalog(null));
        }

        OutputConfig toOutputConfig() {
            return new OutputConfig(path, format, partition, catalog);
        }
    }

    public EnsembleConfig {
        input = orDefault(input, new InputConfig(null, null, null, null, null));
        label = orDefault(label, new Label(null, null));
        features = orDefault(features, new FeaturesConfig(null, null));
        missing = missing == null ? List.of("") : List.copyOf(missing);
        numeric = orDefault(numeric, new Numeric(null));
        ensemble = orDefault(ensemble, new Ensemble(null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null));
        output = orDefault(output, new Output(null, null, null, null, null));
    }

    public void validate() {
        require(input.path(), "input.path");
        input.validate();
        input.badRows().requireNoRejectedTable("for the ensemble job");
        check(TABLE_FORMATS.contains(input.format()), "input.format",
                "a table format for the ensemble job: csv, tsv, parquet, orc or json (libsvm, vw, csv-raw and ob-vw "
                        + "rows have no named columns to encode)", input.format().configName());
        require(label.column(), "label.column");
        features.validate();
        check(label.threshold() == null || Double.isFinite(label.threshold()), "label.threshold", "a finite number",
                label.threshold());
        check(label.threshold() == null || ensemble.positiveClass() == null, "ensemble.positive_class",
                "unset when label.threshold is set (each defines class 1)", "'" + ensemble.positiveClass() + "'");
        ensemble.validate();
        output.toOutputConfig().validate();
    }

    private static final Set<InputConfig.Format> TABLE_FORMATS = Set.of(InputConfig.Format.CSV, InputConfig.Format.TSV,
            InputConfig.Format.PARQUET, InputConfig.Format.ORC, InputConfig.Format.JSON);

    /** A copy of a config list that keeps null elements for validate() to name; the default when absent. */
    private static <T> List<T> listOr(List<T> values, List<T> defaultValues) {
        return values == null ? defaultValues : Collections.unmodifiableList(new ArrayList<>(values));
    }

    /** A grid axis: at least one value, no value twice, each valid. */
    private static <T> void grid(List<T> values, String key, Predicate<T> valid, String expectation) {
        check(!values.isEmpty(), key, "a non-empty list of " + expectation + " (a grid needs at least one value)", "[]");
        for (T value : values) {
            check(value != null && valid.test(value), key, "a list of " + expectation, value);
        }
        checkDistinct(values, key);
    }

    private static void checkDistinct(List<?> values, String key) {
        Set<Object> seen = new HashSet<>();
        for (Object value : values) {
            check(seen.add(value), key, "a list without repeats", value + " twice");
        }
    }
}
