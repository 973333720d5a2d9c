package dev.rashomon.outrank;

import dev.rashomon.cli.Job;
import dev.rashomon.config.InputConfig;
import dev.rashomon.config.NumericConfig;
import dev.rashomon.dataset.DatasetSpec;
import dev.rashomon.io.InputFiles;
import dev.rashomon.io.InputReader;
import dev.rashomon.io.RunOutput;
import dev.rashomon.io.TabularInput;
import dev.rashomon.run.RunMetadata;
import dev.rashomon.outrank.compat.CompatRanking;
import dev.rashomon.run.UserError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Ranks every feature by its information about the label, exactly, from one pass over the input:
 * contingency counts n(feature, value, class) → per-feature count histograms → MI, expected MI
 * under the permutation null, and the scores derived from them.
 */
public final class OutrankJob implements Job<OutrankConfig> {
    public static final String TABLE = "feature_ranking";

    @Override
    public String name() {
        return "outrank";
    }

    @Override
    public String description() {
        return "rank features by cardinality-aware mutual information with the label (exact, one pass)";
    }

    @Override
    public Class<OutrankConfig> configType() {
        return OutrankConfig.class;
    }

    @Override
    public void validate(OutrankConfig config) {
        config.validate();
    }

    @Override
    public void run(SparkSession spark, OutrankConfig config, String runId) throws Exception {
        RunMetadata run = new RunMetadata(name(), runId, config);
        RunOutput output = RunOutput.prepare(spark, config.output(), runId);
        Map<String, Object> sparkProfile = new LinkedHashMap<>();
        sparkProfile.put("master", spark.sparkContext().master());
        sparkProfile.put("default_parallelism", spark.sparkContext().defaultParallelism());
        run.put("spark", sparkProfile);
        try {
            if (config.isCompat()) {
                String dataFile = InputFiles.csvRawFile(config.input().path(), spark.sparkContext().hadoopConfiguration()).toString();
                Map<String, Object> inputProfile = new LinkedHashMap<>();
                inputProfile.put("path", config.input().path());
                inputProfile.put("format", config.input().format().configName());
                inputProfile.put("file", dataFile);
                run.put("input", inputProfile);
                Dataset<Row> table = new CompatRanking(spark, config.outrank().compat(), config.label().column(), run)
                        .rank(config.input().path(), dataFile, output);
                run.time("write", () -> {
                    output.writeTable(TABLE, table, true);
                    return null;
                });
            } else {
                rankExactly(spark, config, run, output);
            }
            run.put("outputs", output.tables());
            output.commit(run.toJson());
        } catch (Throwable t) {
            output.abort();
            throw t;
        }
    }

    private void rankExactly(SparkSession spark, OutrankConfig config, RunMetadata run, RunOutput output) {
        TabularInput input = InputReader.open(spark, config.input());
        DatasetSpec.Resolved dataset = config.datasetSpec().resolve(input, config.input());
        Map<String, Object> inputProfile = new LinkedHashMap<>();
        inputProfile.put("path", config.input().path());
        inputProfile.put("format", config.input().format().configName());
        inputProfile.put("files", input.files().size());
        inputProfile.put("partitions", input.rows().rdd().getNumPartitions());
        inputProfile.put("columns", DatasetSpec.describe(input.dataSchema()));
        run.put("input", inputProfile);
        ContingencyScan scan = null;
        try {
            InputConfig in = config.input();
            ContingencyScan counted = ContingencyScan.run(input.rows(), dataset.decoder(), config.label().maxClasses(), in.badRowExamples());
            scan = counted;
            ScanSummary summary = run.time("scan", () -> counted.summary(in.badRowExamples()));
            checkRows(summary, config, run);
            JavaPairRDD<FeatureValue, ClassCounts> values = counted.valueCounts();
            Map<String, FeatureCounts> raw = run.time("aggregate", () -> perFeature(values));
            if (raw.isEmpty() && dataset.sparse()) {
                throw new UserError("no features found in input " + in.path() + " (every line has only a label, or "
                        + "features.include/exclude removed them all)");
            }
            Set<String> binned = binnedFeatures(config.numeric(), dataset, raw, run);
            Map<String, FeatureCounts> bins = binned.isEmpty() ? Map.of() : run.time("bins", () -> {
                Map<String, Long> present = new TreeMap<>();
                binned.forEach(f -> present.put(f, raw.get(f).presentRows()));
                return perFeature(EqualFrequencyBins.apply(values, binned, present, config.numeric().bins(),
                        values.getNumPartitions()));
            });

            List<String> features = dataset.sparse() ? new ArrayList<>(new TreeSet<>(raw.keySet())) : dataset.features();
            List<FeatureScore> scores = run.time("scores", () -> {
                List<FeatureScore> all = new ArrayList<>();
                FeatureCounts none = new FeatureCounts();
                for (String feature : features) {
                    FeatureCounts profile = raw.getOrDefault(feature, none);
                    if (profile.presentRows() == 0) {
                        run.warn("feature '" + feature + "' has no value in any row (every cell is missing)");
                    }
                    boolean isBinned = binned.contains(feature);
                    FeatureCounts scored = isBinned ? bins.get(feature) : profile;
                    all.add(FeatureScore.of(feature, profile, scored, summary.classTotals(),
                            isBinned ? "bins(" + config.numeric().bins() + ")" : "categorical"));
                }
                return FeatureRanking.rank(all, config.outrank().rankBy());
            });
            run.put("features", features.size());
            run.time("write", () -> {
                output.writeTable(TABLE, FeatureRanking.toTable(spark, scores), true);
                return null;
            });
        } finally {
            if (scan != null) {
                scan.release();
            }
        }
    }

    /** Rows, labels and bad rows: the checks that need the scan, with their run.json entries. */
    private static void checkRows(ScanSummary summary, OutrankConfig config, RunMetadata run) {
        InputConfig in = config.input();
        if (summary.badRows() > 0 && in.badRows() == InputConfig.BadRows.FAIL) {
            String example = summary.badRowExamples().isEmpty() ? "" : "; first: " + summary.badRowExamples().get(0).describe();
            throw new UserError("input " + in.path() + " has " + summary.badRows() + " bad row"
                    + (summary.badRows() == 1 ? "" : "s") + example
                    + " (input.bad_rows: fail; set input.bad_rows: skip to count and skip them)");
        }
        Map<String, Object> rows = new LinkedHashMap<>();
        rows.put("read", summary.rowsRead());
        rows.put("used", summary.rowsUsed());
        rows.put("sampled_out", summary.rowsSampledOut());
        rows.put("bad", summary.badRows());
        run.put("rows", rows);
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("fraction", config.sample().fraction());
        sample.put("seed", config.sample().seed());
        sample.put("method", "Bernoulli, decided by a hash of the row's content and the seed");
        run.put("sample", sample);
        Map<String, Object> badRows = new LinkedHashMap<>();
        badRows.put("policy", in.badRows().configName());
        badRows.put("count", summary.badRows());
        badRows.put("examples", summary.badRowExamples());
        run.put("bad_rows", badRows);
        if (summary.badRows() > 0) {
            run.warn(summary.badRows() + " bad rows skipped (input.bad_rows: skip); examples in run.json");
        }
        if (summary.rowsUsed() == 0) {
            throw new UserError("input " + in.path() + " has no data rows"
                    + (summary.rowsRead() > 0 ? " left (read " + summary.rowsRead() + ", sampled out "
                    + summary.rowsSampledOut() + ", bad " + summary.badRows() + ")" : ""));
        }
        Map<String, Object> label = new LinkedHashMap<>();
        label.put("column", config.label().column());
        label.put("classes", summary.classTotals());
        run.put("label", label);
        if (summary.classTotals().size() < 2) {
            throw new UserError("label column '" + config.label().column() + "' has a single class ('"
                    + summary.classTotals().firstKey() + "' in all " + summary.rowsUsed()
                    + " rows); mutual information needs at least two");
        }
    }

    private static Map<String, FeatureCounts> perFeature(JavaPairRDD<FeatureValue, ClassCounts> values) {
        return new TreeMap<>(values
                .mapToPair(record -> new Tuple2<>(record._1().feature, record))
                .aggregateByKey(new FeatureCounts(),
                        (counts, record) -> counts.add(record._1().value, record._2()),
                        FeatureCounts::merge)
                .collectAsMap());
    }

    private static Set<String> binnedFeatures(NumericConfig numeric, DatasetSpec.Resolved dataset,
                                              Map<String, FeatureCounts> raw, RunMetadata run) {
        if (numeric.mode() != NumericConfig.Mode.BINS) {
            return Set.of();
        }
        Set<String> binned = new TreeSet<>();
        for (String feature : raw.keySet()) {
            if (dataset.isNumeric(feature)) {
                binned.add(feature);
            }
        }
        if (binned.isEmpty()) {
            run.warn("numeric.mode is bins but no feature is numeric (CSV/TSV columns are text: list them in numeric.columns)");
        }
        return binned;
    }
}
