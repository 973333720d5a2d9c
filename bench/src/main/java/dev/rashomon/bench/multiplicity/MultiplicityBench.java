package dev.rashomon.bench.multiplicity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rashomon.bench.Bench;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bench/run multiplicity}: our job on wide and on long predictions against the long-format DataFrame
 * baseline and a raw single-threaded loop, in one local[2] session on the same generated data (or, with
 * {@code --cold}, each Spark contender in a fresh local[2] JVM of its own).
 */
public final class MultiplicityBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double AGREEMENT = 1e-9;

    private MultiplicityBench() {
    }

    record Result(String contender, Meter.Reading reading) {
    }

    /** The Spark contenders, in the order a round runs them; a fresh JVM is given one by its key. */
    private enum SparkContender {
        JOB_WIDE("wide", "multiplicity job, wide"),
        JOB_LONG("long", "multiplicity job, long"),
        BASELINE("baseline", "long DataFrame baseline");

        final String key;
        final String label;

        SparkContender(String key, String label) {
            this.key = key;
            this.label = label;
        }

        static SparkContender byKey(String key) {
            return Arrays.stream(values()).filter(c -> c.key.equals(key)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                    "--contender must be one of " + Arrays.stream(values()).map(c -> c.key).toList()));
        }
    }

    /** What a fresh JVM reports of its one contender. */
    record ContenderRun(Meter.Reading reading, List<Measures> measures) {
    }

    public static void run(List<String> args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.out.println(e.getMessage());
            System.exit(args.contains("--help") ? 0 : 2);
            return;
        }
        SparkSession spark = SparkSession.builder().appName("bench-multiplicity").master("local[2]")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                // Parquet's vectored reads bypass Hadoop's file-system statistics (only the footers would
                // count); plain reads make the bytes-read figure the whole scan, for every contender alike.
                .config("spark.hadoop.parquet.hadoop.vectored.io.enabled", "false").getOrCreate();
        try {
            if (options.contender() != null) {
                runOne(spark, options);
            } else {
                run(spark, options);
            }
        } finally {
            spark.stop();
        }
    }

    private static void run(SparkSession spark, BenchOptions options) {
        PredictionGenerator.GeneratedFiles files = PredictionGenerator.ensure(spark, options);
        List<Double> epsilons = BenchOptions.EPSILONS;
        double threshold = BenchOptions.THRESHOLD;
        Meter meter = new Meter(spark);
        Map<String, List<Measures>> measures = new LinkedHashMap<>();
        // Each round runs the three Spark contenders in turn; a contender's table row is its fastest round.
        List<List<Result>> rounds = new ArrayList<>();
        for (int round = 0; round < options.rounds(); round++) {
            List<Result> these = new ArrayList<>();
            for (SparkContender c : SparkContender.values()) {
                if (options.cold()) {
                    ContenderRun run = inFreshJvm(options, c);
                    these.add(new Result(c.label, run.reading()));
                    measures.put(c.label, run.measures());
                } else {
                    these.add(runContender(spark, files, options.runs(), meter, c, measures));
                }
            }
            rounds.add(these);
            System.out.printf("round %d%s: job on wide %.1f s, job on long %.1f s, baseline %.1f s: wide %.2f× the baseline%n",
                    round + 1, options.cold() ? " (each in a fresh JVM)" : "", these.get(0).reading().seconds(),
                    these.get(1).reading().seconds(), these.get(2).reading().seconds(),
                    these.get(2).reading().seconds() / these.get(0).reading().seconds());
        }
        List<Result> results = new ArrayList<>();
        for (int c = 0; c < SparkContender.values().length; c++) {
            int contender = c;
            results.add(rounds.stream().map(r -> r.get(contender)).min(Comparator.comparingDouble(r -> r.reading().seconds())).orElseThrow());
        }

        // Loading is not timed: the loop gets the generator's rows (the same function wrote the files).
        int models = options.models();
        int rows = Math.toIntExact(options.rows());
        double[] scores = new double[Math.multiplyExact(rows, models)];
        int[] labels = new int[rows];
        double[] row = new double[models];
        for (int i = 0; i < rows; i++) {
            labels[i] = PredictionGenerator.row(options.seed(), i, row);
            System.arraycopy(row, 0, scores, i * models, models);
        }
        List<Row> lossRows = spark.read().parquet(files.losses().toString()).orderBy("score_index").select("model_id", "loss").collectAsList();
        RashomonSets sets = RashomonSets.of(lossRows.stream().map(r -> r.getString(0)).toList(),
                lossRows.stream().mapToDouble(r -> r.getDouble(1)).toArray(), epsilons);
        Meter.Reading[] reading = new Meter.Reading[1];
        List<Measures> raw = meter.measure(() -> RawLoop.run(scores, labels, models, sets, threshold), reading);
        results.add(new Result("raw loop, 1 thread", reading[0]));
        measures.put("raw loop, 1 thread", raw);

        report(options, files, sets, results, measures, rounds);
    }

    /** Runs Spark contender c, measured, and keeps its measures. */
    private static Result runContender(SparkSession spark, PredictionGenerator.GeneratedFiles files, Path runs, Meter meter, SparkContender c,
                                       Map<String, List<Measures>> measures) {
        List<Double> epsilons = BenchOptions.EPSILONS;
        double threshold = BenchOptions.THRESHOLD;
        Meter.Reading[] reading = new Meter.Reading[1];
        List<Measures> computed = switch (c) {
            case JOB_WIDE -> JobContender.summary(spark, meter.measure(() -> JobContender.run(spark, files.wide(), "wide", files.losses(), runs, epsilons, threshold), reading));
            case JOB_LONG -> JobContender.summary(spark, meter.measure(() -> JobContender.run(spark, files.longLayout(), "long", files.losses(), runs, epsilons, threshold), reading));
            case BASELINE -> meter.measure(() -> LongBaseline.run(spark, files.longLayout(), files.losses(), epsilons, threshold), reading);
        };
        measures.put(c.label, computed);
        return new Result(c.label, reading[0]);
    }

    /** In a fresh JVM started by {@link #inFreshJvm}: runs its one contender, cold, and writes what it measured. */
    private static void runOne(SparkSession spark, BenchOptions options) {
        SparkContender c = SparkContender.byKey(options.contender());
        PredictionGenerator.GeneratedFiles files = PredictionGenerator.ensure(spark, options);
        Map<String, List<Measures>> measures = new LinkedHashMap<>();
        Result result = runContender(spark, files, options.runs(), new Meter(spark), c, measures);
        try {
            JSON.writeValue(options.result().toFile(), new ContenderRun(result.reading(), measures.get(result.contender())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs Spark contender c in a new JVM with this one's options and class path, as {@code spark-submit} would
     * start it: its session, class loading, JIT compilation and Spark's first planning are its own. The time is
     * the contender's run, measured as in the shared JVM; starting the JVM and the session is not counted.
     */
    private static ContenderRun inFreshJvm(BenchOptions options, SparkContender c) {
        try {
            Path result = Files.createTempFile("bench-contender-", ".json");
            try {
                List<String> command = new ArrayList<>();
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), Bench.class.getName()));
                command.addAll(options.forContender(c.key, result));
                Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                int code = process.waitFor();
                if (code != 0) {
                    throw new IllegalStateException(c.label + ": its JVM exited " + code);
                }
                return JSON.readValue(result.toFile(), ContenderRun.class);
            } finally {
                Files.deleteIfExists(result);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void report(BenchOptions options, PredictionGenerator.GeneratedFiles files, RashomonSets sets,
                               List<Result> results, Map<String, List<Measures>> measures, List<List<Result>> rounds) {
        double pairs = (double) options.rows() * options.models();
        double baseline = results.get(2).reading().seconds();
        double raw = results.get(3).reading().seconds();
        long wideBytes = PredictionGenerator.size(files.wide());
        long longBytes = PredictionGenerator.size(files.longLayout());
        StringBuilder out = new StringBuilder();
        out.append(String.format("multiplicity: %,d rows × %d models = %,.0f (row, model) pairs; ε %s; set sizes %s; local[2]%n",
                options.rows(), options.models(), pairs, sets.epsilons(), Arrays.toString(sets.setSizes())));
        out.append(String.format("predictions: wide parquet %s, long parquet %s%n", mib(wideBytes), mib(longBytes)));
        out.append(String.format(options.cold() ? "rounds: %d, each Spark contender in a fresh JVM (cold; each contender's fastest below)%n%n"
                : "rounds: %d (each contender's fastest below; the job's first round runs cold)%n%n", rounds.size()));
        String format = "%-24s %7s %12s %11s %11s %10s %10s %10s %10s%n";
        out.append(String.format(format, "contender", "wall s", "pairs/s", "÷ baseline", "÷ raw loop", "peak heap", "after GC", "shuffle", "FS read"));
        for (Result r : results) {
            Meter.Reading m = r.reading();
            out.append(String.format(format, r.contender(), String.format("%.1f", m.seconds()), String.format("%,.0f", pairs / m.seconds()),
                    String.format("%.2f×", baseline / m.seconds()), String.format("%.2f×", raw / m.seconds()), mib(m.peakHeapBytes()), mib(m.peakHeapAfterGcBytes()),
                    mib(m.shuffleWriteBytes()), mib(m.fsBytesRead())));
        }
        out.append("(÷ baseline: the long DataFrame baseline's wall time over the contender's, > 1 is faster; FS read: local\n"
                + " file-system bytes read, Hadoop statistics; peak heap: JVM heap in use, sampled every 10 ms after a GC;\n"
                + " after GC: the largest heap the collections left, the live data; shuffle: shuffle bytes written)\n\n");
        out.append(String.format("reads: job on wide read %s of a %s wide file (%.2f×); job on long read %s of a %s long file (%.2f×)%n",
                mib(results.get(0).reading().fsBytesRead()), mib(wideBytes), (double) results.get(0).reading().fsBytesRead() / wideBytes,
                mib(results.get(1).reading().fsBytesRead()), mib(longBytes), (double) results.get(1).reading().fsBytesRead() / longBytes));
        List<Measures> ours = measures.get("multiplicity job, wide");
        Map<String, Double> differences = new LinkedHashMap<>();
        for (Map.Entry<String, List<Measures>> e : measures.entrySet()) {
            if (e.getValue() != ours) {
                double diff = Measures.maxDifference(ours, e.getValue());
                differences.put(e.getKey(), diff);
                out.append(String.format("check: %-24s vs job summary (wide): max |difference| %.3g over %s: %s%n", e.getKey(), diff,
                        Measures.COLUMNS, diff <= AGREEMENT ? "agree to 1e-9" : "DISAGREE"));
            }
        }
        for (Measures m : ours) {
            out.append(String.format("  ε %-6s set %3d  ambiguity %.6f  vs label %.6f  crossing %.6f  vpr width %.6f  max dev %.6f  discrepancy %.6f%n",
                    m.epsilon(), m.setSize(), m.ambiguity(), m.ambiguityVsLabel(), m.vprCrossingRate(), m.vprWidthMean(),
                    m.maxScoreDeviationMean(), m.discrepancy()));
        }
        for (Result r : results.subList(0, 3)) {
            out.append("slowest stages, ").append(r.contender()).append(":");
            r.reading().stages().stream().limit(5).forEach(s -> out.append(String.format(" [%s: %.1f s, %d tasks]", s.name(), s.seconds(), s.tasks())));
            out.append('\n');
        }
        // Every round's own ratio counts: the target holds only if it holds in each.
        double[] ratios = rounds.stream().mapToDouble(r -> r.get(2).reading().seconds() / r.get(0).reading().seconds()).toArray();
        long met = Arrays.stream(ratios).filter(ratio -> ratio >= 3).count();
        boolean target = met == ratios.length;
        out.append(String.format("target (job on wide ≥ 3× the long baseline, in every round%s): %s (%d of %d rounds; ratios %s)%n",
                options.cold() ? ", each cold" : "", target ? "met" : "NOT met", met, ratios.length, Arrays.stream(ratios)
                        .mapToObj(ratio -> String.format("%.2f×", ratio)).toList()));
        System.out.print(out);
        writeJson(options, files, sets, results, measures, differences, wideBytes, longBytes, target, ratios);
    }

    private static void writeJson(BenchOptions options, PredictionGenerator.GeneratedFiles files, RashomonSets sets, List<Result> results,
                                  Map<String, List<Measures>> measures, Map<String, Double> differences, long wideBytes, long longBytes,
                                  boolean target, double[] roundRatios) {
        double pairs = (double) options.rows() * options.models();
        ObjectNode root = JSON.createObjectNode().put("benchmark", "multiplicity").put("rows", options.rows())
                .put("models", options.models()).put("seed", options.seed()).put("pairs", pairs).put("master", "local[2]")
                .put("data", files.folder().toString()).put("wide_parquet_bytes", wideBytes).put("long_parquet_bytes", longBytes)
                .put("fresh_jvm_per_contender", options.cold()).put("target_3x_long_baseline_met", target);
        root.set("round_ratios_wide_vs_baseline", JSON.valueToTree(roundRatios));
        root.set("epsilon", JSON.valueToTree(sets.epsilons()));
        root.set("set_sizes", JSON.valueToTree(sets.setSizes()));
        ArrayNode contenders = root.putArray("contenders");
        double baseline = results.get(2).reading().seconds();
        double raw = results.get(3).reading().seconds();
        for (Result r : results) {
            Meter.Reading m = r.reading();
            ObjectNode c = contenders.addObject().put("contender", r.contender()).put("wall_seconds", m.seconds())
                    .put("pairs_per_second", pairs / m.seconds()).put("speedup_vs_long_baseline", baseline / m.seconds())
                    .put("speedup_vs_raw_loop", raw / m.seconds()).put("peak_heap_bytes", m.peakHeapBytes()).put("peak_heap_after_gc_bytes", m.peakHeapAfterGcBytes())
                    .put("shuffle_write_bytes", m.shuffleWriteBytes()).put("task_input_bytes", m.inputBytes())
                    .put("fs_bytes_read", m.fsBytesRead());
            c.set("stages", JSON.valueToTree(m.stages()));
            c.set("measures", JSON.valueToTree(measures.get(r.contender())));
        }
        root.set("max_difference_vs_job_wide", JSON.valueToTree(differences));
        Path json = options.out().resolve("multiplicity-" + options.rows() + "x" + options.models() + ".json");
        try {
            Files.createDirectories(options.out());
            Files.writeString(json, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("json: " + json);
    }

    private static String mib(long bytes) {
        return String.format("%.0f MiB", bytes / 1048576.0);
    }
}
