package dev.rashomon.bench.outrank;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rashomon.bench.CtrData;
import dev.rashomon.bench.Meter;
import dev.rashomon.bench.Options;
import dev.rashomon.bench.Sessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bench/run outrank}: on one generated data set, in one SparkSession, (a) our outrank job,
 * (b) the DataFrame groupBy baseline, (c) MLlib's chi-squared UnivariateFeatureSelector where it
 * can run, (d) a single-threaded counting loop over int arrays; a table on stdout and a JSON file.
 */
public final class OutrankBench {
    private static final Set<String> KEYS = new HashSet<>(List.of("skip", "scaling", "selector-max-cardinality"));
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private OutrankBench() {
    }

    public static void main(List<String> args) {
        KEYS.addAll(CtrData.KEYS);
        Options options = Options.parse(args, KEYS, Set.of("csv"));
        CtrData.Params params = CtrData.params(options);
        Set<String> skip = new HashSet<>(Arrays.asList(options.get("skip", "").split(",")));
        Path out = Path.of(options.get("out", "/tmp/rashomon-bench/results"));
        SparkSession spark = Sessions.local("outrank");
        Meter meter = new Meter(spark);
        try {
            Files.createDirectories(out);
            if (options.get("scaling", null) != null) {
                scaling(spark, meter, params, options, out, skip);
            } else {
                Path data = Path.of(options.get("data", CtrData.defaultFolder(params).toString()));
                single(spark, meter, params, data, out, skip, (int) options.longValue("selector-max-cardinality", 10_000));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            spark.stop();
        }
    }

    private static void single(SparkSession spark, Meter meter, CtrData.Params params, Path data, Path out,
                               Set<String> skip, int selectorMaxCardinality) throws IOException {
        prepare(spark, params, data);
        Dataset<Row> input = spark.read().parquet(data.resolve("parquet").toString());
        List<String> features = features(params);
        long cells = params.rows() * params.features();
        List<Contender> contenders = new ArrayList<>();
        Map<String, Object> checks = new LinkedHashMap<>();

        Map<String, Double> ours = new HashMap<>();
        contenders.add(ours(spark, meter, data, out, cells, ours));

        if (!skip.contains("b")) {
            meter.start();
            Map<String, Double> mi = DataFrameBaseline.run(input, features);
            contenders.add(Contender.measured("(b) DataFrame groupBy", cells, meter.stop(),
                    "stack + groupBy(feature,value,label).count + windows"));
            checks.put("b_max_abs_mi_difference", maxDifference(ours, mi));
            checks.put("b_mi_equals_ours_to_1e-9", maxDifference(ours, mi) <= 1e-9);
        }
        if (!skip.contains("c")) {
            List<String> runnable = new ArrayList<>();
            for (int f = 0; f < params.features(); f++) {
                if (params.cardinality(f) <= selectorMaxCardinality) {
                    runnable.add(CtrData.column(f));
                }
            }
            int left = params.features() - runnable.size();
            String bound = left == 0 ? "all features" : runnable.size() + " of " + params.features()
                    + " features; cannot: " + left + " with cardinality > " + selectorMaxCardinality;
            try {
                meter.start();
                List<String> selected = ChiSquaredSelector.run(input, runnable, Math.min(10, runnable.size()));
                contenders.add(Contender.measured("(c) MLlib chi2 selector", params.rows() * runnable.size(), meter.stop(), bound));
                checks.put("c_selected_top10", selected);
            } catch (RuntimeException e) {
                meter.stop();
                contenders.add(Contender.cannot("(c) MLlib chi2 selector", e.getClass().getSimpleName() + ": "
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
            }
        }
        if (!skip.contains("d")) {
            RawCountingLoop loop = RawCountingLoop.decode(input, features, params.rows());
            meter.start();
            Map<String, Double> mi = loop.run();
            contenders.add(Contender.measured("(d) raw loop, 1 thread", cells, meter.stop(), "int arrays, decoded untimed"));
            checks.put("d_max_abs_mi_difference", maxDifference(ours, mi));
            checks.put("d_mi_equals_ours_to_1e-9", maxDifference(ours, mi) <= 1e-9);
        }
        if (!skip.contains("e")) {
            List<String> columns = new ArrayList<>(features);
            columns.add("label");
            meter.start();
            long scanned = ScanOnly.run(input, columns);
            contenders.add(Contender.measured("(e) Spark scan alone", cells, meter.stop(),
                    "the columnar Parquet scan of the same columns, decoded, nothing counted"));
            checks.put("e_rows_scanned", scanned);
        }
        report(params, contenders, checks, out.resolve("outrank-" + params.rows() + "x" + params.features() + ".json"),
                spark.sparkContext().defaultParallelism());
    }

    private static Contender ours(SparkSession spark, Meter meter, Path data, Path out, long cells,
                                  Map<String, Double> mi) throws IOException {
        Path runOut = out.resolve("ours-run");
        Meter.Reading reading = OutrankRun.measured(spark, meter, String.join("\n",
                "input:", "  path: " + data.resolve("parquet").toAbsolutePath(), "  format: parquet",
                "label:", "  column: label",
                "outrank:", "  mode: exact", "  rank_by: mi_adjusted",
                "output:", "  path: " + runOut.toAbsolutePath(), "  format: parquet", ""));
        for (Row row : spark.read().parquet(runOut.resolve("feature_ranking").toString()).select("feature", "mi").collectAsList()) {
            mi.put(row.getString(0), row.getDouble(1));
        }
        return Contender.measured("(a) rashomon outrank", cells, reading, "exact, Parquet in to ranking written");
    }

    private static void scaling(SparkSession spark, Meter meter, CtrData.Params base, Options options, Path out,
                                Set<String> skip) throws IOException {
        List<Long> rowCounts = Arrays.stream(options.get("scaling", "").split(","))
                .map(s -> Long.parseLong(s.trim().replace("_", ""))).toList();
        List<Map<String, Object>> points = new ArrayList<>();
        System.out.printf("%-10s %-9s %10s %14s %10s%n", "rows", "features", "(a) s", "(a) peak heap", "(b) s");
        for (long rows : rowCounts) {
            CtrData.Params params = new CtrData.Params(rows, base.features(), base.mix(), base.cardinalities(),
                    base.missing(), base.zipfS(), base.seed(), base.csv());
            Path data = CtrData.defaultFolder(params);
            prepare(spark, params, data);
            long cells = rows * params.features();
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("rows", rows);
            point.put("features", params.features());
            Contender a = ours(spark, meter, data, out, cells, new HashMap<>());
            point.put("a_seconds", a.seconds());
            point.put("a_peak_heap_bytes", a.peakHeapBytes());
            if (!skip.contains("b")) {
                meter.start();
                DataFrameBaseline.run(spark.read().parquet(data.resolve("parquet").toString()), features(params));
                point.put("b_seconds", meter.stop().seconds());
            }
            points.add(point);
            System.out.printf("%-10d %-9d %10.1f %14s %10s%n", rows, params.features(), (Double) point.get("a_seconds"),
                    mb(a.peakHeapBytes()),
                    point.containsKey("b_seconds") ? String.format("%.1f", (Double) point.get("b_seconds")) : "-");
        }
        for (int i = 1; i < points.size(); i++) {
            Map<String, Object> prev = points.get(i - 1);
            Map<String, Object> next = points.get(i);
            double rowRatio = ((Long) next.get("rows")).doubleValue() / (Long) prev.get("rows");
            for (String key : List.of("a_seconds", "b_seconds")) {
                if (next.containsKey(key)) {
                    double ratio = (Double) next.get(key) / (Double) prev.get(key);
                    next.put(key.charAt(0) + "_time_ratio", ratio);
                    System.out.printf("%s: %d -> %d rows (x%.1f): time x%.2f%n", key.charAt(0) == 'a' ? "(a)" : "(b)",
                            prev.get("rows"), next.get("rows"), rowRatio, ratio);
                }
            }
        }
        Path file = out.resolve("outrank-scaling-" + base.features() + ".json");
        JSON.writeValue(file.toFile(), Map.of("params", base, "points", points));
        System.out.println("wrote " + file);
    }

    private static void prepare(SparkSession spark, CtrData.Params params, Path data) {
        long start = System.nanoTime();
        boolean made = CtrData.ensure(spark, params, data);
        System.out.printf("data: %s %s (%.1f s)%n", made ? "generated" : "reused", data, (System.nanoTime() - start) / 1e9);
    }

    private static List<String> features(CtrData.Params params) {
        List<String> features = new ArrayList<>();
        for (int f = 0; f < params.features(); f++) {
            features.add(CtrData.column(f));
        }
        return features;
    }

    private static double maxDifference(Map<String, Double> ours, Map<String, Double> theirs) {
        if (!ours.keySet().equals(theirs.keySet())) {
            throw new IllegalStateException("feature sets differ: " + ours.keySet() + " vs " + theirs.keySet());
        }
        return ours.keySet().stream().mapToDouble(f -> Math.abs(ours.get(f) - theirs.get(f))).max().orElse(0);
    }

    private static void report(CtrData.Params params, List<Contender> contenders, Map<String, Object> checks, Path file,
                               int cores) throws IOException {
        Contender ours = contenders.get(0);
        System.out.printf("%n%d rows x %d features, mix %s, local[%d]%n", params.rows(), params.features(), params.mix(), cores);
        String format = "%-26s %9s %12s %9s %11s %11s  %s%n";
        System.out.printf(format, "contender", "wall s", "cells/s", "vs (a)", "peak heap", "shuffle", "note");
        for (Contender c : contenders) {
            if (c.seconds() == null) {
                System.out.printf(format, c.name(), "-", "-", "-", "-", "-", c.note());
                continue;
            }
            System.out.printf(format, c.name(), String.format("%.2f", c.seconds()), String.format("%.3g", c.cellsPerSecond()),
                    String.format("%.2fx", c.seconds() / ours.seconds()), mb(c.peakHeapBytes()), mb(c.shuffleBytes()), c.note());
        }
        checks.forEach((k, v) -> System.out.println(k + ": " + v));
        Map<String, Object> targets = new LinkedHashMap<>();
        for (Contender c : contenders) {
            if (c.name().startsWith("(b)") && c.seconds() != null) {
                targets.put("a_speedup_over_b (target >= 3)", c.seconds() / ours.seconds());
            }
            if (c.name().startsWith("(d)") && c.seconds() != null) {
                targets.put("a_cells_per_s_per_core_over_d (target >= 0.25)", ours.cellsPerSecond() / cores / c.cellsPerSecond());
                contenders.stream().filter(e -> e.name().startsWith("(e)") && e.seconds() != null).findFirst().ifPresent(e ->
                        targets.put("e_cells_per_s_per_core_over_d (the scan alone, a ceiling for any Spark job)",
                                e.cellsPerSecond() / cores / c.cellsPerSecond()));
            }
        }
        targets.forEach((k, v) -> System.out.printf("%s: %.3f%n", k, (Double) v));
        ours.reading().printLongestStages("stages of (a), longest first:", 5);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("params", params);
        json.put("cores", cores);
        json.put("contenders", contenders);
        json.put("checks", checks);
        json.put("targets", targets);
        JSON.writeValue(file.toFile(), json);
        System.out.println("wrote " + file);
    }

    private static String mb(Long bytes) {
        return bytes == null ? "-" : String.format("%.0f MB", bytes / 1e6);
    }
}
