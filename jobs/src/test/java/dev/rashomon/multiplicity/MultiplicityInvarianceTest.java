package dev.rashomon.multiplicity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * Layout, partitioning and row order do not change a single bit of the results, and the
 * predictions are scanned once. The reference pool (60 rows × 12 models) is read as long CSV, as
 * long Parquet in 7 shuffled files, and as wide Parquet with a scores array in 5 shuffled files.
 */
class MultiplicityInvarianceTest extends SparkTestBase {
    private static final Path REFERENCE = repo().resolve("jobs/src/test/resources/reference/multiplicity");
    private static final String OPTIONS = "multiplicity: {epsilon: [0, 0.005, 0.02, 0.1], delta: [0.05, 0.2], groups: [grp]}\n";

    private Path longCsv() {
        return REFERENCE.resolve("binary_predictions.csv");
    }

    private Dataset<Row> longRows() {
        return spark.read().option("header", "true").option("inferSchema", "true").csv(longCsv().toString());
    }

    /** The wide layout: one row per row_id, scores in the losses file's order. */
    private Path wideParquet() {
        List<String> models = spark.read().option("header", "true").csv(REFERENCE.resolve("binary_losses.csv").toString())
                .collectAsList().stream().map(r -> r.getString(0)).toList();
        Dataset<Row> rows = longRows();
        Dataset<Row> wide = rows.groupBy("row_id", "label", "grp")
                .agg(functions.map_from_entries(functions.collect_list(functions.struct("model_id", "score"))).as("m"));
        wide = wide.select(functions.col("row_id"), functions.col("label"), functions.col("grp"),
                functions.array(models.stream().map(m -> functions.col("m").getItem(m)).toArray(org.apache.spark.sql.Column[]::new))
                        .as("scores"));
        Path path = temp.resolve("wide.parquet");
        wide.orderBy(functions.rand(3)).repartition(5).write().parquet(path.toString());
        return path;
    }

    private Path longParquet() {
        Path path = temp.resolve("long.parquet");
        longRows().orderBy(functions.rand(11)).repartition(7).write().parquet(path.toString());
        return path;
    }

    private Path run(String name, Path predictions, String format, String layout, boolean losses) {
        Path out = temp.resolve(name);
        String lossesKey = losses ? "losses: {path: %s, format: csv}\n".formatted(REFERENCE.resolve("binary_losses.csv")) : "";
        RunResult result = run("multiplicity", "--config", config("""
                predictions: {path: %s, format: %s, layout: %s}
                %s%soutput: {path: %s}
                """.formatted(predictions, format, layout, lossesKey, OPTIONS, out)).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        return out;
    }

    private static List<Row> table(Path out, String name, String... order) {
        return spark.read().parquet(out.resolve(name).toString()).orderBy(order[0],
                java.util.Arrays.copyOfRange(order, 1, order.length)).collectAsList();
    }

    private static void assertSameTables(Path expected, Path actual) {
        assertThat(table(actual, "summary", "epsilon", "group")).isEqualTo(table(expected, "summary", "epsilon", "group"));
        assertThat(table(actual, "curve", "group", "models")).isEqualTo(table(expected, "curve", "group", "models"));
        assertThat(table(actual, "score_deviation", "epsilon", "delta", "group"))
                .isEqualTo(table(expected, "score_deviation", "epsilon", "delta", "group"));
        assertThat(table(actual, "members", "model_id")).isEqualTo(table(expected, "members", "model_id"));
    }

    @Test
    void layoutPartitioningAndRowOrderChangeNothing() {
        Path csv = run("csv", longCsv(), "csv", "long", true);
        assertSameTables(csv, run("long", longParquet(), "parquet", "long", true));
        assertSameTables(csv, run("wide", wideParquet(), "parquet", "wide", true));
        assertThat(table(csv, "summary", "epsilon", "group")).hasSize(4 * 4);
    }

    @Test
    void computedLossesAreTheSameForEveryLayoutAndPartitioning() {
        Path csv = run("csv-computed", longCsv(), "csv", "long", false);
        assertSameTables(csv, run("long-computed", longParquet(), "parquet", "long", false));
        // Wide without losses names models by position; compare the numbers, not the names.
        Path wide = run("wide-computed", wideParquet(), "parquet", "wide", false);
        assertThat(table(wide, "summary", "epsilon", "group").stream().map(r -> r.getDouble(r.fieldIndex("vpr_width_mean"))).toList())
                .isEqualTo(table(csv, "summary", "epsilon", "group").stream().map(r -> r.getDouble(r.fieldIndex("vpr_width_mean"))).toList());
    }

    @Test
    void groupsJoinedFromADatasetEqualGroupsInThePredictions() {
        Path inPredictions = run("grp-inline", longCsv(), "csv", "long", true);
        Path predictions = temp.resolve("no-groups.parquet");
        longRows().drop("grp").write().parquet(predictions.toString());
        Path groups = temp.resolve("groups.parquet");
        longRows().select("row_id", "grp").distinct().write().parquet(groups.toString());
        Path out = temp.resolve("grp-joined");
        RunResult result = run("multiplicity", "--config", config("""
                predictions: {path: %s, format: parquet, layout: long}
                losses: {path: %s, format: csv}
                multiplicity: {epsilon: [0, 0.005, 0.02, 0.1], delta: [0.05, 0.2], groups: [grp],
                               groups_from: {path: %s, format: parquet}}
                output: {path: %s}
                """.formatted(predictions, REFERENCE.resolve("binary_losses.csv"), groups, out)).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertSameTables(inPredictions, out);
    }

    @Test
    void multiclassWideEqualsMulticlassLong() {
        Path csv = REFERENCE.resolve("multiclass_predictions.csv");
        Dataset<Row> rows = spark.read().option("header", "true").option("inferSchema", "true").csv(csv.toString());
        List<String> models = spark.read().option("header", "true").csv(REFERENCE.resolve("multiclass_losses.csv").toString())
                .collectAsList().stream().map(r -> r.getString(0)).toList();
        // One array of class probabilities per model, in the losses' order.
        Dataset<Row> vectors = rows.groupBy("row_id", "label", "model_id")
                .agg(functions.array_sort(functions.collect_list(functions.struct("class", "score"))).getField("score").as("p"));
        Dataset<Row> wide = vectors.groupBy("row_id", "label")
                .agg(functions.map_from_entries(functions.collect_list(functions.struct("model_id", "p"))).as("m"))
                .select(functions.col("row_id"), functions.col("label"), functions.array(models.stream()
                        .map(m -> functions.col("m").getItem(m)).toArray(org.apache.spark.sql.Column[]::new)).as("scores"));
        Path widePath = temp.resolve("multiclass-wide.parquet");
        wide.repartition(3).write().parquet(widePath.toString());
        String lossesKey = "losses: {path: %s, format: csv}\n".formatted(REFERENCE.resolve("multiclass_losses.csv"));
        Path fromLong = temp.resolve("mc-long");
        Path fromWide = temp.resolve("mc-wide");
        for (String[] run : new String[][] {{csv.toString(), "csv", "long", fromLong.toString()},
            {widePath.toString(), "parquet", "wide", fromWide.toString()}}) {
            RunResult result = run("multiplicity", "--config", config("""
                    predictions: {path: %s, format: %s, layout: %s}
                    %smultiplicity: {epsilon: [0, 0.05, 0.5]}
                    output: {path: %s}
                    """.formatted(run[0], run[1], run[2], lossesKey, run[3])).toString());
            assertThat(result.exitCode()).as(result.err()).isZero();
        }
        assertThat(table(fromWide, "summary", "epsilon", "group")).isEqualTo(table(fromLong, "summary", "epsilon", "group"));
        assertThat(table(fromWide, "curve", "group", "models")).isEqualTo(table(fromLong, "curve", "group", "models"));
        assertThat(runJson(fromWide).at("/pool/task").asText()).isEqualTo("multiclass");
        assertThat(runJson(fromWide).at("/pool/classes").asInt()).isEqualTo(3);
    }

    @Test
    void thePredictionsAreScannedOnce() {
        Path wide = wideParquet();
        long oneScan = bytesReadBy(() -> spark.read().parquet(wide.toString()).foreach((org.apache.spark.api.java.function.ForeachFunction<Row>) r -> { }));
        long job = bytesReadBy(() -> run("scan", wide, "parquet", "wide", false));
        assertThat(oneScan).isPositive();
        // A second scan of the predictions would double the bytes; the config file adds a few hundred.
        assertThat(job).as("bytes read by the job vs one scan (%d)", oneScan).isBetween(oneScan, oneScan + 2_000);
    }

    @Test
    void withALossesFileTheOnlyOtherReadIsTheLosses() {
        long oneScan = bytesReadBy(() -> {
            spark.read().option("header", "true").csv(longCsv().toString()).foreach((org.apache.spark.api.java.function.ForeachFunction<Row>) r -> { });
            spark.read().option("header", "true").csv(REFERENCE.resolve("binary_losses.csv").toString()).collectAsList();
        });
        long job = bytesReadBy(() -> run("scan-long", longCsv(), "csv", "long", true));
        assertThat(job).as("bytes read by the job vs one scan of predictions and losses (%d)", oneScan)
                .isBetween(oneScan, oneScan + 2_000);
    }

    /** Bytes read from local files (Hadoop's file-system statistics) while {@code work} runs. */
    private static long bytesReadBy(Runnable work) {
        long before = localBytesRead();
        work.run();
        return localBytesRead() - before;
    }

    private static long localBytesRead() {
        return org.apache.hadoop.fs.FileSystem.getAllStatistics().stream().filter(s -> s.getScheme().equals("file"))
                .mapToLong(org.apache.hadoop.fs.FileSystem.Statistics::getBytesRead).sum();
    }
}
