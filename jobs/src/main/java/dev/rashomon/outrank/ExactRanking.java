package dev.rashomon.outrank;

import dev.rashomon.config.InputConfig;
import dev.rashomon.config.NumericConfig;
import dev.rashomon.dataset.DatasetSpec;
import dev.rashomon.io.InputFiles;
import dev.rashomon.io.InputReader;
import dev.rashomon.io.RunOutput;
import dev.rashomon.io.TabularInput;
import dev.rashomon.run.RunMetadata;
import dev.rashomon.run.UserError;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.SparkSession;

/**
 * The exact ranking: one pass over the input counts n(feature, value, class) for every feature,
 * derived features included; everything after works from those counts: bins, transformers,
 * scores, the profile, the pairwise table and 3MR. Only {@code combination_top_k} reads the input
 * a second time.
 */
final class ExactRanking {
    private final SparkSession spark;
    private final OutrankConfig config;
    private final ExactOptions exact;
    private final RunMetadata run;
    private final RunOutput output;

    ExactRanking(SparkSession spark, OutrankConfig config, RunMetadata run, RunOutput output) {
        this.spark = spark;
        this.config = config;
        this.exact = config.outrank().exact();
        this.run = run;
        this.output = output;
    }

    void rank() {
        TabularInput input = InputReader.open(spark, config.input());
        DatasetSpec.Resolved dataset = config.datasetSpec().resolve(input, config.input());
        describeInput(input);
        boolean topK = exact.combinationTopK() > 0 && exact.combinationOrder() > 1;
        DerivedFeatures derived = derivedFeatures(exact, dataset, config, run, topK ? List.of() : null);
        InputConfig in = config.input();
        ContingencyScan scan = ContingencyScan.run(input.rows(), dataset.decoder(), derived, config.label().maxClasses(),
                in.badRowExamples());
        try {
            ScanSummary summary = run.time("scan", () -> scan.summary(in.badRowExamples()));
            checkRows(summary, config, run, spark.sparkContext().hadoopConfiguration());
            JavaPairRDD<FeatureValue, ClassCounts> values = scan.valueCounts();
            Map<String, FeatureCounts> raw = run.time("aggregate", () -> perFeature(values));
            if (raw.isEmpty() && dataset.sparse()) {
                throw new UserError("no features found in input " + in.path() + " (every line has only a label, or "
                        + "features.include/exclude removed them all)");
            }
            Set<String> binned = binnedFeatures(config.numeric(), dataset, raw, run);
            Map<String, FeatureCounts> bins = binned.isEmpty() ? Map.of() : run.time("bins", () -> {
                Map<String, Long> present = new TreeMap<>();
                binned.forEach(f -> present.put(f, raw.get(f).presentRows()));
                return perFeature(new SortedNumericValues(values, binned, values.getNumPartitions())
                        .bins(present, config.numeric().bins(), values.getNumPartitions()));
            });
            Transformed transformed = run.time("transformers", () -> transform(spark, exact, dataset, values, raw,
                    summary.classTotals(), run));
            if (topK) {
                derived = countTopCombinations(input, dataset, raw, summary);
            }
            List<String> features = featureList(dataset, derived, raw, transformed.names(), exact.interactionOrder() > 1);
            List<FeatureScore> scores = run.time("scores", () -> score(features, raw, binned, bins, summary));
            run.put("features", features.size());
            run.time("write", () -> {
                writeTables(features, raw, scores, values, transformed, summary);
                if (in.badRows() == InputConfig.BadRows.REJECT) {
                    output.writeKeyedTable(OutrankJob.REJECTED_TABLE,
                            RejectedRows.table(spark, input.rows(), dataset.decoder(), summary.badRows()), summary.badRows(),
                            "file", "record");
                }
                return null;
            });
            if (!exact.targetRankingOnly()) {
                List<String> base = dataset.sparse() ? config.features().include() : dataset.features();
                pairwiseAndThreeMr(spark, base, raw, scores, summary.classTotals(), output, run);
            }
        } finally {
            scan.release();
        }
    }

    private void describeInput(TabularInput input) {
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("path", config.input().path());
        profile.put("format", config.input().format().configName());
        profile.put("files", input.files().size());
        profile.put("partitions", input.rows().rdd().getNumPartitions());
        profile.put("columns", DatasetSpec.describe(input.dataSchema()));
        run.put("input", profile);
    }

    /** combination_top_k: a second pass that counts the combinations of the k best single features. */
    private DerivedFeatures countTopCombinations(TabularInput input, DatasetSpec.Resolved dataset,
                                                 Map<String, FeatureCounts> raw, ScanSummary summary) {
        List<String> best = bestSingles(dataset, raw, summary.classTotals(), config.outrank().rankBy(), exact.combinationTopK());
        DerivedFeatures derived = derivedFeatures(exact, dataset, config, run, best);
        run.time("combinations_pass", () -> {
            ContingencyScan second = ContingencyScan.run(input.rows(), dataset.decoder(), derived.combinationsOnly(),
                    config.label().maxClasses(), config.input().badRowExamples());
            try {
                raw.putAll(perFeature(second.valueCounts().filter(r -> r._1().feature.contains(DerivedFeatures.AND))));
            } finally {
                second.release();
            }
            return null;
        });
        run.put("combination_top_k", best);
        return derived;
    }

    /**
     * Every feature the ranking lists: the columns (or sparse features), then the derived ones;
     * combinations only when asked for as features (pairs built just for 3MR stay internal).
     */
    private static List<String> featureList(DatasetSpec.Resolved dataset, DerivedFeatures derived,
                                            Map<String, FeatureCounts> raw, List<String> transformed,
                                            boolean listCombinations) {
        List<String> features = new ArrayList<>(dataset.sparse() ? new TreeSet<>(raw.keySet()) : dataset.features());
        if (dataset.sparse()) {
            // Found in the scan, but listed below with the other derived features.
            features.removeAll(derived.names());
            features.removeAll(transformed);
            features.removeIf(DerivedFeatures::isDiscovered);
        }
        derived.names().stream().filter(name -> listCombinations || !name.contains(DerivedFeatures.AND)).forEach(features::add);
        raw.keySet().stream().filter(DerivedFeatures::isDiscovered).forEach(features::add);
        features.addAll(transformed);
        return features;
    }

    private List<FeatureScore> score(List<String> features, Map<String, FeatureCounts> raw, Set<String> binned,
                                     Map<String, FeatureCounts> bins, ScanSummary summary) {
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
    }

    private void writeTables(List<String> features, Map<String, FeatureCounts> raw, List<FeatureScore> scores,
                             JavaPairRDD<FeatureValue, ClassCounts> values, Transformed transformed, ScanSummary summary) {
        output.writeTable(OutrankJob.TABLE, FeatureRanking.toTable(spark, scores), true);
        Map<String, double[]> numeric = new TreeMap<>();
        features.forEach(f -> {
            FeatureCounts counts = raw.get(f);
            if (counts != null && counts.isNumeric()) {
                numeric.put(f, new double[] {counts.presentRows(), counts.min, counts.max});
            }
        });
        Map<String, Double> medians = numeric.isEmpty() ? Map.of()
                : ExactMedians.of(transformed.withOriginal(values), numeric);
        output.writeTable(OutrankJob.PROFILE_TABLE, FeatureProfile.toTable(spark, features, raw, summary.rowsUsed(),
                exact.rareValueCountUpperBound(), medians), true);
        if (exact.rareValues()) {
            output.writeTable(OutrankJob.RARE_VALUES_TABLE, FeatureProfile.rareValues(spark, values,
                    exact.rareValueCountUpperBound()), false);
        }
    }

    /** Rows, labels and bad rows: the checks that need the scan, with their run.json entries. */
    private static void checkRows(ScanSummary summary, OutrankConfig config, RunMetadata run, Configuration conf) {
        InputConfig in = config.input();
        if (summary.badRows() > 0 && in.badRows() == InputConfig.BadRows.FAIL) {
            String example = summary.badRowExamples().isEmpty() ? "" : "; first: " + describeWithLine(
                    summary.badRowExamples().get(0), in, conf);
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
            run.warn(summary.badRows() + " bad rows skipped (input.bad_rows: " + in.badRows().configName() + "); examples in run.json"
                    + (in.badRows() == InputConfig.BadRows.REJECT ? ", all of them in the " + OutrankJob.REJECTED_TABLE + " table" : ""));
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

    /** A bad row of a text input with the number of its line, found by reading its file up to it. */
    private static String describeWithLine(BadRow row, InputConfig in, Configuration conf) {
        if (row.file().isEmpty() || in.format() == InputConfig.Format.PARQUET || in.format() == InputConfig.Format.ORC) {
            return row.describe();
        }
        String encoding = in.options().getOrDefault("encoding", in.options().getOrDefault("charset", "UTF-8"));
        return row.describe(InputFiles.lineOf(row.file(), row.record(), conf, Charset.forName(encoding)));
    }

    /** The kept transformer features and their value counts (null when no transformer applies). */
    private record Transformed(List<String> names, JavaPairRDD<FeatureValue, ClassCounts> counts) {
        JavaPairRDD<FeatureValue, ClassCounts> withOriginal(JavaPairRDD<FeatureValue, ClassCounts> values) {
            return counts == null ? values : values.union(counts);
        }
    }

    /**
     * OutRank's transformer features of the numeric columns, counted from the columns' own counts
     * and kept by OutRank's rules; adds them to {@code raw}.
     */
    private static Transformed transform(SparkSession spark, ExactOptions exact, DatasetSpec.Resolved dataset,
                                          JavaPairRDD<FeatureValue, ClassCounts> values, Map<String, FeatureCounts> raw,
                                          SortedMap<String, Long> classTotals, RunMetadata run) {
        Transformers transformers = Transformers.of(exact.transformers());
        if (transformers.isEmpty()) {
            return new Transformed(List.of(), null);
        }
        long rows = classTotals.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Double> numeric = new TreeMap<>();
        Map<String, ClassCounts> missing = new TreeMap<>();
        raw.forEach((feature, counts) -> {
            if (dataset.isNumeric(feature) && counts.isNumeric() && !feature.contains(DerivedFeatures.AND)
                    && !feature.startsWith("CONTROL-")) {
                numeric.put(feature, counts.max);
                if (counts.presentRows() < rows) {
                    missing.put(feature, Transformers.missingRows(counts, classTotals));
                }
            }
        });
        if (numeric.isEmpty()) {
            run.warn("outrank.exact.transformers is set but no feature is numeric (CSV/TSV columns are text: list them "
                    + "in numeric.columns)");
            return new Transformed(List.of(), null);
        }
        JavaPairRDD<FeatureValue, ClassCounts> transformedValues = transformers.apply(
                org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()), values, numeric, missing,
                values.getNumPartitions());
        Map<String, FeatureCounts> counted = perFeature(transformedValues);
        List<String> kept = new ArrayList<>();
        for (String column : numeric.keySet()) {
            for (String name : transformers.names(column)) {
                FeatureCounts counts = counted.get(name);
                if (counts != null && Transformers.keep(counts, rows)) {
                    raw.put(name, counts);
                    kept.add(name);
                }
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("preset", exact.transformers());
        summary.put("columns", numeric.size());
        summary.put("kept", kept.size());
        run.put("transformers", summary);
        return new Transformed(kept, transformedValues);
    }

    /** The k best single features by the ranking score (ties by name): the members of top-k combinations. */
    private static List<String> bestSingles(DatasetSpec.Resolved dataset, Map<String, FeatureCounts> raw,
                                            SortedMap<String, Long> classTotals, RankBy rankBy, int k) {
        List<FeatureScore> singles = new ArrayList<>();
        FeatureCounts none = new FeatureCounts();
        List<String> names = dataset.sparse()
                ? raw.keySet().stream().filter(f -> !DerivedFeatures.isDiscovered(f) && !f.startsWith("CONTROL-")
                        && !f.contains("_tr_")).toList()
                : dataset.features();
        for (String feature : names) {
            FeatureCounts counts = raw.getOrDefault(feature, none);
            singles.add(FeatureScore.of(feature, counts, counts, classTotals, "categorical"));
        }
        List<String> best = new ArrayList<>(FeatureRanking.rank(singles, rankBy).stream().limit(k).map(FeatureScore::feature).toList());
        // Combination members keep the input's column order, so names are "a AND b" as without top-k.
        best.sort(java.util.Comparator.comparingInt(names::indexOf));
        return best;
    }

    /** Combinations and noise features for the scan, as the exact options ask. */
    private static DerivedFeatures derivedFeatures(ExactOptions exact, DatasetSpec.Resolved dataset, OutrankConfig config,
                                                   RunMetadata run, List<String> combinationBase) {
        int order = exact.combinationOrder();
        List<String[]> combinations = List.of();
        if (order > 1) {
            List<String> base = combinationBase != null ? combinationBase
                    : dataset.sparse() ? config.features().include() : dataset.features();
            if (base.isEmpty() && combinationBase == null) {
                throw new UserError("combinations of " + config.input().format().configName() + " features need them named: "
                        + "list them in features.include");
            }
            combinations = DerivedFeatures.combinationsOf(base, order, exact.combinationNumberUpperBound());
            long all = DerivedFeatures.countCombinations(base.size(), order);
            if (all > combinations.size()) {
                run.warn("outrank.exact.combination_number_upper_bound=" + exact.combinationNumberUpperBound() + " keeps "
                        + combinations.size() + " of " + all + " combinations of order " + order + " (the first in feature order)");
            }
        }
        List<String> columns = dataset.sparse() ? List.of() : dataset.features();
        List<DerivedFeatures.SubfeatureRule> rules = exact.subfeatureMapping().stream()
                .map(DerivedFeatures.SubfeatureRule::parse).toList();
        if (!dataset.sparse()) {
            for (String column : exact.explodeMultivalueFeatures()) {
                requireFeature(column, columns, "outrank.exact.explode_multivalue_features");
            }
            for (DerivedFeatures.SubfeatureRule rule : rules) {
                requireFeature(rule.first(), columns, "outrank.exact.subfeature_mapping");
                requireFeature(rule.second(), columns, "outrank.exact.subfeature_mapping");
            }
        }
        return new DerivedFeatures(combinations, exact.includeNoiseBaselineFeatures(), exact.noiseSeed(),
                exact.explodeMultivalueFeatures(), rules, java.util.Set.copyOf(config.missing()));
    }

    private static void requireFeature(String column, List<String> features, String key) {
        if (!features.contains(column)) {
            throw new UserError(key + " names '" + column + "', which is not a feature column (features: "
                    + String.join(", ", features) + ")");
        }
    }

    /** The pairwise redundancy table and the 3MR ranking (target_ranking_only: false). */
    private static void pairwiseAndThreeMr(SparkSession spark, List<String> base, Map<String, FeatureCounts> raw,
                                           List<FeatureScore> scores, SortedMap<String, Long> classTotals,
                                           RunOutput output, RunMetadata run) {
        long rows = classTotals.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Double> relevance = new LinkedHashMap<>();
        Map<String, Double> byFeature = new HashMap<>();
        scores.forEach(s -> byFeature.put(s.feature(), s.miAdjusted()));
        base.forEach(f -> relevance.put(f, byFeature.get(f)));
        FeatureCounts none = new FeatureCounts();
        List<PairScore> pairs = run.time("pairwise", () -> {
            List<PairScore> all = new ArrayList<>();
            for (String[] pair : DerivedFeatures.combinationsOf(base, 2, Integer.MAX_VALUE)) {
                String joint = DerivedFeatures.combinationName(pair);
                FeatureCounts jointCounts = raw.get(joint);
                if (jointCounts == null) {
                    continue; // beyond the combination cap, or no row has either value
                }
                double relation = byFeature.containsKey(joint) ? byFeature.get(joint)
                        : FeatureScore.of(joint, jointCounts, jointCounts, classTotals, "categorical").miAdjusted();
                all.add(PairScore.of(pair[0], pair[1], raw.getOrDefault(pair[0], none), raw.getOrDefault(pair[1], none),
                        jointCounts, rows, relation));
            }
            return all;
        });
        output.writeTable(OutrankJob.PAIRWISE_TABLE, PairScores.toTable(spark, pairs), true);
        output.writeTable(OutrankJob.THREE_MR_TABLE, ThreeMrRanking.toTable(spark, ThreeMrRanking.rank(relevance, pairs)), true);
    }

    /** Each feature's counts: every partition summarises its records, the driver merges the summaries (no shuffle). */
    private static Map<String, FeatureCounts> perFeature(JavaPairRDD<FeatureValue, ClassCounts> values) {
        Map<String, FeatureCounts> all = new TreeMap<>();
        values.mapPartitions(records -> {
            Map<String, FeatureCounts> partition = new HashMap<>();
            records.forEachRemaining(record -> partition.computeIfAbsent(record._1().feature, f -> new FeatureCounts())
                    .add(record._1().value, record._2()));
            return List.of(partition).iterator();
        }).collect().forEach(partition -> partition.forEach((feature, counts) -> all.merge(feature, counts, FeatureCounts::merge)));
        return all;
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
