package dev.rashomon.outrank.compat;

import dev.rashomon.config.InputConfig;
import dev.rashomon.io.HeaderLine;
import dev.rashomon.io.InputFiles;
import dev.rashomon.outrank.ThreeMrRanking;
import dev.rashomon.outrank.Transformers;
import dev.rashomon.io.RunOutput;
import dev.rashomon.run.RunMetadata;
import dev.rashomon.run.Secrets;
import dev.rashomon.run.UserError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * OutRank 0.97.6's {@code --task ranking} then {@code --task ranking_summary}, on a cluster: the
 * batches are scored in parallel, and everything OutRank carries from batch to batch (the median
 * inputs, cardinality digests, coverage, value counts) is gathered afterwards.
 */
public final class CompatRanking {
    /** Files written to {@code <output>/outrank/}, as OutRank names them. */
    public static final String FOLDER = "outrank";
    static final StructType SCHEMA = new StructType()
            .add("rank", DataTypes.IntegerType, false)
            .add("feature", DataTypes.StringType, false)
            .add("outrank_name", DataTypes.StringType, false)
            .add("score", DataTypes.DoubleType, false)
            .add("score_scaled", DataTypes.DoubleType, false)
            .add("cardinality", DataTypes.LongType, false)
            .add("coverage", DataTypes.IntegerType, false);

    private final SparkSession spark;
    private final CompatOptions options;
    private final String label;
    private final RunMetadata run;
    private String dataSource = "csv-raw";

    public CompatRanking(SparkSession spark, CompatOptions options, String label, RunMetadata run) {
        this.spark = spark;
        this.options = options;
        this.label = label;
        this.run = run;
    }

    /**
     * Ranks csv-raw data, writes OutRank's files and returns the suite's table.
     *
     * @param dataPath the folder given as input (OutRank's --data_path)
     * @param dataFile its data.csv
     */
    public Dataset<Row> rank(InputConfig input, RunOutput output) {
        String dataPath = input.path();
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<String> header;
        String dataFile;
        List<String> numericColumns = List.of();
        RowBatches<?> batches;
        if (input.format() == InputConfig.Format.OB_VW) {
            ObVwLayout layout = ObVwLayout.read(dataPath, context.hadoopConfiguration());
            header = layout.header;
            dataFile = layout.dataFile;
            numericColumns = layout.numeric;
            batches = new RowBatches<>(RowBatches.lines(context, dataFile, StandardCharsets.UTF_8), true, header.size(),
                    options.subsampling(), options.minibatchSize(), layout::parse);
        } else if (input.format() == InputConfig.Format.CSV_RAW) {
            dataFile = InputFiles.csvRawFile(dataPath, context.hadoopConfiguration()).toString();
            String headerLine = InputFiles.firstLine(new Path(dataFile), context.hadoopConfiguration(), StandardCharsets.ISO_8859_1);
            if (headerLine == null) {
                throw new UserError("input file " + dataFile + " is empty: expected a header line");
            }
            header = Arrays.asList(PythonFormat.strip(headerLine).split(",", -1));
            HeaderLine.check(dataFile, headerLine, header.size(), ",",
                    "csv-raw is comma-separated, as OutRank reads it; for '%s' use format: csv with input.options.delimiter");
            batches = new RowBatches<>(RowBatches.lineBytes(context, dataFile), true, header.size(),
                    options.subsampling(), options.minibatchSize(), PythonCsv.lines());
        } else {
            SuiteRows rows = SuiteRows.read(spark, input);
            header = rows.header();
            dataFile = input.path();
            batches = new RowBatches<>(rows.rows(), false, header.size(), options.subsampling(), options.minibatchSize(),
                    fields -> fields);
        }
        dataSource = input.format().configName();
        if (!header.contains(label)) {
            throw new UserError("label.column '" + label + "' is not a column of " + dataFile + " (columns: "
                    + String.join(", ", header) + ")");
        }
        for (String column : options.explodeMultivalueFeatures()) {
            requireColumn(column, header, "outrank.compat.explode_multivalue_features", dataFile);
        }
        for (String[] rule : options.subfeatureRules()) {
            requireColumn(rule[0], header, "outrank.compat.subfeature_mapping", dataFile);
            requireColumn(rule[1], header, "outrank.compat.subfeature_mapping", dataFile);
        }
        if (!Transformers.of(options.transformers()).isEmpty() && numericColumns.isEmpty()) {
            run.warn("outrank.compat.transformers builds nothing here: it applies to numeric columns, which only "
                    + "ob-vw input has (type f32), as in OutRank");
        }
        // Without feature families the rows are encoded once per task; with subsampling 1 a task
        // encodes them in the same read that counts them.
        boolean oneRead = options.subsampling() == 1 && !BatchScorer.addsColumns(options, numericColumns);
        EncodedScan<?> scan = !oneRead ? null
                : input.format() == InputConfig.Format.CSV_RAW
                ? csvRawScan(context, dataFile, header.size())
                : batches.encodedScan();
        try {
            RowBatches.Plan plan = oneRead ? run.time("read_and_encode", scan::plan) : run.time("count_lines", batches::plan);
            recordPlan(plan);
            if (plan.batches() == 0) {
                throw new UserError("input " + dataFile + " gives no batch to score: " + plan.keptRows()
                        + " rows kept after subsampling " + options.subsampling() + ", fewer than minibatch_size "
                        + options.minibatchSize() + " and not more than " + RowBatches.SMALLEST_REMAINDER);
            }
            // Not cached itself: its tasks' aggregates are the scan's, which caches them (RowBatches
            // scores the few batches spanning partitions again in each job that reads them).
            JavaRDD<TaskAggregate> results = oneRead
                    ? scan.score(header, label, options, context.defaultParallelism())
                    : scoreBatches(batches, header, plan, numericColumns, context.defaultParallelism());
            return run.time("score_and_aggregate", () -> aggregate(results, output, plan, dataPath));
        } finally {
            batches.release();
            if (scan != null) {
                scan.release();
            }
        }
    }

    /** The one-read scan of a csv-raw file, its encoded columns sized from the file's length and first lines. */
    private EncodedScan<org.apache.hadoop.io.Text> csvRawScan(JavaSparkContext context, String file, int columns) {
        JavaRDD<org.apache.hadoop.io.Text> lines = RowBatches.lineTexts(context, file);
        return new EncodedScan<>(lines, true, columns, options.minibatchSize(), PythonCsv.texts(),
                linesPerPartition(new Path(file), context.hadoopConfiguration(), lines.getNumPartitions()));
    }

    /**
     * About how many lines a partition of a text file holds: its bytes per partition over the mean
     * length of its first 1,000 lines, plus 10 %. A hint that sizes the encoded columns once; a
     * compressed file's is low, and the columns grow as needed.
     */
    private static int linesPerPartition(Path file, org.apache.hadoop.conf.Configuration conf, int partitions) {
        try (java.io.BufferedReader reader = InputFiles.open(file, conf, StandardCharsets.ISO_8859_1)) {
            long chars = 0;
            int lines = 0;
            for (String line = reader.readLine(); line != null && lines < 1000; line = reader.readLine()) {
                chars += line.length() + 1;
                lines++;
            }
            long bytes = file.getFileSystem(conf).getFileStatus(file).getLen();
            double perPartition = lines == 0 ? 0 : (double) bytes / Math.max(1, partitions) / ((double) chars / lines);
            return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(1 << 10, Math.ceil(1.1 * perPartition)));
        } catch (java.io.IOException e) {
            throw new UserError("input file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Without feature families a task encodes its rows once and scores over ids; families need String columns. */
    private <T> JavaRDD<TaskAggregate> scoreBatches(RowBatches<T> batches, List<String> header, RowBatches.Plan plan,
                                                    List<String> numeric, int edgePartitions) {
        CompatOptions opts = options;
        String labelName = label;
        RowBatches.TaskScorer<T> scorer = BatchScorer.addsColumns(opts, numeric)
                ? RowBatches.eachBatch(header, plan.fullBatches(), batches.parser(),
                        batch -> BatchScorer.score(batch, labelName, opts, numeric))
                : RowBatches.encoded(header, labelName, opts, plan.fullBatches(), batches.parser());
        return batches.score(scorer, edgePartitions);
    }

    private static void requireColumn(String column, List<String> header, String key, String file) {
        if (!header.contains(column)) {
            throw new UserError(key + " names '" + column + "', which is not a column of " + file + " (columns: "
                    + String.join(", ", header) + ")");
        }
    }

    private void recordPlan(RowBatches.Plan plan) {
        Map<String, Object> rows = new LinkedHashMap<>();
        rows.put("data_lines", plan.dataLines());
        rows.put("kept", plan.keptRows());
        rows.put("invalid_lines_dropped", plan.invalidRows());
        rows.put("full_batches", plan.fullBatches());
        rows.put("remainder_rows", plan.remainderRows());
        rows.put("remainder_scored", plan.remainderScored());
        run.put("rows", rows);
        if (plan.invalidRows() > 0) {
            run.warn(plan.invalidRows() + " lines with a field count other than the header's were dropped, as OutRank does");
        }
    }

    private Dataset<Row> aggregate(JavaRDD<TaskAggregate> results, RunOutput output, RowBatches.Plan plan, String dataPath) {
        List<BatchResult> ordered = new ArrayList<>(results.flatMap(a -> a.batches.iterator()).collect());
        ordered.sort(Comparator.comparingLong(BatchResult::batch));
        Map<String, Double> medians = medianScores(ordered);
        List<String> columns = columnOrder(ordered);
        List<ColumnValues.Summary> summaries = valueSummaries(results, 2 * spark.sparkContext().defaultParallelism()).collect();
        Map<String, Long> cardinality = cardinalities(summaries);
        Map<String, Integer> coverage = coverages(ordered);
        Map<String, String> names = new HashMap<>();
        for (String column : columns) {
            names.put(column, options.includeCardinalityInFeatureNames()
                    ? column + "-(" + cardinality.getOrDefault(column, 0L) + "; " + coverage.get(column) + ")"
                    : column);
        }

        List<OutrankFiles.Triplet> triplets = new ArrayList<>();
        Map<String, Double> againstLabel = new HashMap<>();
        medians.forEach((pair, score) -> {
            String[] parts = pair.split("\u0000", -1);
            triplets.add(new OutrankFiles.Triplet(names.get(parts[0]), names.get(parts[1]), score));
            if (!parts[0].equals(parts[1])) {
                triplets.add(new OutrankFiles.Triplet(names.get(parts[1]), names.get(parts[0]), score));
            }
            if (parts[1].equals(label) && !parts[0].equals(label)) {
                againstLabel.put(parts[0], score);
            }
        });
        List<OutrankFiles.Single> singles = OutrankFiles.singles(triplets, label, options.heuristic());

        output.writeFile(FOLDER, "pairwise_ranks.tsv", OutrankFiles.pairwiseRanks(triplets));
        output.writeFile(FOLDER, "feature_singles.tsv", OutrankFiles.singlesTable(singles, options.heuristic()));
        output.writeFile(FOLDER, "feature_singles_transformers_only_imp.tsv", OutrankFiles.singlesTable(
                singles.stream().filter(s -> s.feature().contains("_tr_")).toList(), options.heuristic()));
        if (options.interactionOrder() > 1) {
            output.writeFile(FOLDER, "feature_singles_aggregated.tsv",
                    OutrankFiles.aggregated(singles, options.interactionOrder(), options.heuristic()));
        }
        output.writeFile(FOLDER, "value_repetitions.json", OutrankFiles.valueRepetitions(valueRepetitions(summaries, columns)));
        output.writeFile(FOLDER, "memory.tsv", OutrankFiles.memory(memory(ordered)));
        output.writeFile(FOLDER, "arguments.json", arguments(output, dataPath));

        if (!options.targetRankingOnly()) {
            writePairwiseAndThreeMr(medians, columns, output);
        }
        Map<String, Double> scaled = new HashMap<>();
        Map<String, String> byName = new HashMap<>();
        names.forEach((column, name) -> byName.put(name, column));
        singles.forEach(s -> scaled.put(byName.get(s.feature()), s.score()));
        List<String> features = new ArrayList<>(againstLabel.keySet());
        features.sort(Comparator.<String>comparingDouble(againstLabel::get).reversed().thenComparing(f -> f));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            String feature = features.get(i);
            rows.add(RowFactory.create(i + 1, feature, names.get(feature), againstLabel.get(feature),
                    scaled.getOrDefault(feature, Double.NaN), cardinality.getOrDefault(feature, 0L), coverage.get(feature)));
        }
        run.put("batches", plan.batches());
        run.put("features", features.size());
        return spark.createDataFrame(rows, SCHEMA);
    }

    /**
     * The suite's {@code pairwise} table (one row per pair of columns, the median OutRank score) and
     * the {@code ranking_3mr} table, OutRank's intended 3MR on these scores: relevance = score(f,
     * label), redundancy = score(a, b), relation = score(a AND b, label) where the combination was
     * built (interaction_order 2), else 0.
     */
    private void writePairwiseAndThreeMr(Map<String, Double> medians, List<String> columns, RunOutput output) {
        Map<String, Double> relevance = new LinkedHashMap<>();
        Map<String, Double> redundancy = new LinkedHashMap<>();
        Map<String, Double> relation = new LinkedHashMap<>();
        List<Row> pairs = new ArrayList<>();
        medians.forEach((pair, score) -> {
            String[] parts = pair.split("\u0000", -1);
            String a = parts[0];
            String b = parts[1];
            if (b.equals(label) && !a.equals(label)) {
                if (a.contains(" AND ")) {
                    String[] members = a.split(" AND ", -1);
                    if (members.length == 2) {
                        relation.put(ThreeMrRanking.key(members[0], members[1]), score);
                    }
                } else {
                    relevance.put(a, score);
                }
            } else if (!a.equals(b) && !a.equals(label) && !b.equals(label)) {
                pairs.add(RowFactory.create(a, b, score));
                if (!a.contains(" AND ") && !b.contains(" AND ")) {
                    redundancy.put(ThreeMrRanking.key(a, b), score);
                }
            }
        });
        StructType schema = new StructType()
                .add("feature_a", DataTypes.StringType, false)
                .add("feature_b", DataTypes.StringType, false)
                .add("score", DataTypes.DoubleType, false);
        output.writeTable("pairwise", spark.createDataFrame(pairs, schema), true);
        output.writeTable("ranking_3mr", ThreeMrRanking.toTable(spark, ThreeMrRanking.rank(relevance, redundancy, relation)), true);
    }

    /** The median over batches of every computed pair, keyed "first\0second". */
    private static Map<String, Double> medianScores(List<BatchResult> batches) {
        Map<String, List<Double>> scores = new TreeMap<>();
        for (BatchResult r : batches) {
            for (int i = 0; i < r.scores().length; i++) {
                scores.computeIfAbsent(r.first()[i] + "\u0000" + r.second()[i], k -> new ArrayList<>()).add(r.scores()[i]);
            }
        }
        Map<String, Double> medians = new TreeMap<>();
        scores.forEach((pair, values) -> medians.put(pair, OutrankFiles.median(values)));
        return medians;
    }

    /** Columns in order of appearance (combination columns can differ between batches when capped). */
    private static List<String> columnOrder(List<BatchResult> ordered) {
        LinkedHashMap<String, Boolean> columns = new LinkedHashMap<>();
        ordered.forEach(r -> Arrays.stream(r.columns()).forEach(c -> columns.putIfAbsent(c, true)));
        return new ArrayList<>(columns.keySet());
    }

    /**
     * Every column's values merged over all tasks, in digest buckets (one shuffle of distinct
     * values, not of rows), for the cardinalities and the value repetitions. A task merges
     * the parts of its buckets as they arrive: a groupByKey would hold them in a map whose size
     * Spark keeps estimating by walking it.
     */
    private static JavaRDD<ColumnValues.Summary> valueSummaries(JavaRDD<TaskAggregate> results, int buckets) {
        return results.flatMapToPair(a -> a.values.stream()
                        .flatMap(column -> column.split(buckets).stream())
                        .filter(part -> part.digests().length > 0)
                        .map(part -> new Tuple2<>(new Tuple2<>(part.column(), Math.floorMod(part.digests()[0], buckets)), part))
                        .iterator())
                .partitionBy(new HashPartitioner(results.getNumPartitions()))
                .mapPartitions(parts -> {
                    Map<Tuple2<String, Integer>, ColumnValues.Merge> merges = new LinkedHashMap<>();
                    parts.forEachRemaining(part -> merges.computeIfAbsent(part._1(), key -> new ColumnValues.Merge(key._1()))
                            .add(part._2()));
                    return merges.values().stream().map(ColumnValues.Merge::summary).iterator();
                });
    }

    /**
     * Distinct xxh32 digests of non-empty values over all scored rows; beyond 262,144 distinct
     * digests OutRank switches to linear counting over 2^19 registers: ceil(m·ln(m/Z)) − 1.
     */
    private Map<String, Long> cardinalities(List<ColumnValues.Summary> summaries) {
        Map<String, Long> exact = new HashMap<>();
        for (ColumnValues.Summary summary : summaries) {
            if (summary.distinctDigests().length > 0) {
                exact.merge(summary.column(), (long) summary.distinctDigests().length, Long::sum);
            }
        }
        List<String> sketched = exact.entrySet().stream().filter(e -> e.getValue() > CardinalitySketch.REGISTERS / 2).map(Map.Entry::getKey).toList();
        if (!sketched.isEmpty()) {
            Map<String, long[]> registers = new HashMap<>();
            for (ColumnValues.Summary summary : summaries) {
                if (sketched.contains(summary.column())) {
                    registers.merge(summary.column(), CardinalitySketch.registers(summary.distinctDigests()), CardinalitySketch::or);
                }
            }
            for (String column : sketched) {
                exact.put(column, CardinalitySketch.estimate(registers.get(column)));
            }
            run.warn("cardinality above 262,144 distinct values is OutRank's linear-counting estimate for "
                    + String.join(", ", sketched) + " (it may differ by one from OutRank, which drops the value that "
                    + "switches its sketch to registers)");
        }
        return exact;
    }

    /** int(round(mean of the per-batch coverage %, 1)). */
    private static Map<String, Integer> coverages(List<BatchResult> ordered) {
        Map<String, List<Double>> perColumn = new LinkedHashMap<>();
        for (BatchResult r : ordered) {
            for (int c = 0; c < r.columns().length; c++) {
                perColumn.computeIfAbsent(r.columns()[c], k -> new ArrayList<>()).add(r.coverage()[c]);
            }
        }
        Map<String, Integer> coverage = new HashMap<>();
        perColumn.forEach((column, values) -> coverage.put(column,
                PythonFormat.intOfRound1(PythonFormat.numpyMean(values.stream().mapToDouble(Double::doubleValue).toArray()))));
        return coverage;
    }

    /** Mean bytes per value over the full batches. */
    private static Map<String, Double> memory(List<BatchResult> ordered) {
        Map<String, List<Double>> perColumn = new LinkedHashMap<>();
        for (BatchResult r : ordered) {
            if (r.memory() != null) {
                for (int c = 0; c < r.columns().length; c++) {
                    perColumn.computeIfAbsent(r.columns()[c], k -> new ArrayList<>()).add(r.memory()[c]);
                }
            }
        }
        Map<String, Double> memory = new LinkedHashMap<>();
        perColumn.forEach((column, values) -> memory.put(column, PythonFormat.numpyMean(values.stream().mapToDouble(Double::doubleValue).toArray())));
        return memory;
    }

    /** Per column: how many distinct values were seen more than 0, 1, 10, … 100,000 times. */
    private Map<String, long[]> valueRepetitions(List<ColumnValues.Summary> summaries, List<String> columns) {
        Map<String, long[]> buckets = new HashMap<>();
        for (ColumnValues.Summary part : summaries) {
            long[] sum = buckets.computeIfAbsent(part.column(), k -> new long[OutrankFiles.REPETITION_THRESHOLDS.length]);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += part.repetitions()[i];
            }
        }
        Map<String, long[]> ordered = new LinkedHashMap<>();
        List<String> capped = new ArrayList<>();
        for (String column : columns) {
            long[] counts = buckets.get(column);
            ordered.put(column, counts);
            if (counts[0] > options.maxUniqueHistConstraint()) {
                capped.add(column);
            }
        }
        if (!capped.isEmpty()) {
            run.warn("value_repetitions.json counts every distinct value of " + String.join(", ", capped)
                    + "; OutRank stops counting a column after max_unique_hist_constraint=" + options.maxUniqueHistConstraint()
                    + " distinct values, so its numbers for these columns are lower");
        }
        return ordered;
    }

    /** arguments.json: OutRank's arguments with this run's values, in OutRank's order. */
    private String arguments(RunOutput output, String dataPath) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("task", "ranking");
        args.put("minibatch_size", options.minibatchSize());
        args.put("output_folder", Secrets.withoutUserInfo(output.tablePath(FOLDER).toString()));
        args.put("data_source", dataSource);
        args.put("data_path", Secrets.withoutUserInfo(dataPath));
        args.put("subsampling", options.subsampling());
        args.put("combination_number_upper_bound", options.combinationNumberUpperBound());
        args.put("missing_value_symbols", options.missingValueSymbols());
        args.put("heuristic", options.heuristic());
        args.put("include_noise_baseline_features", options.includeNoiseBaselineFeatures() ? "True" : "False");
        args.put("include_cardinality_in_feature_names", options.includeCardinalityInFeatureNames() ? "True" : "False");
        args.put("label_column", label);
        args.put("max_unique_hist_constraint", options.maxUniqueHistConstraint());
        args.put("transformers", options.transformers());
        args.put("interaction_order", options.interactionOrder());
        args.put("target_ranking_only", options.targetRankingOnly() ? "True" : "False");
        args.put("explode_multivalue_features", options.explodeMultivalueFeatures().isEmpty() ? "False"
                : String.join(";", options.explodeMultivalueFeatures()));
        args.put("subfeature_mapping", options.subfeatureMapping().isEmpty() ? "False" : String.join(";", options.subfeatureMapping()));
        args.put("mi_stratified_sampling_ratio", 1.0);
        StringBuilder text = new StringBuilder("{");
        args.forEach((key, value) -> text.append(text.length() == 1 ? "" : ", ").append(OutrankFiles.jsonString(key)).append(": ")
                .append(value instanceof String s ? OutrankFiles.jsonString(s) : value instanceof Double d ? PythonFormat.repr(d) : value));
        return text.append('}').toString();
    }
}
