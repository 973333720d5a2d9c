package dev.rashomon.ensemble;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rashomon.testing.SparkTestBase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.zip.GZIPInputStream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ensemble job on German credit with a small pool (2 LR, 1 FM, 1 RF, 1 GBT), run once for the
 * class: the models table, the predictions and the saved pipelines checked against values
 * recomputed here from the raw file and the predictions table.
 */
class EnsembleJobTest extends SparkTestBase {
    static final List<String> POOL = List.of("lr-r0.01-e0", "lr-r0.1-e0", "fm-k4-r0.01-s1", "rf-t10-d3-s1", "gbt-i5-d2-s2");

    @TempDir
    static Path shared;

    static Path out;
    static RunResult first;

    /** The German-credit config of these tests, with {@code extra} YAML lines appended to the ensemble block. */
    static String germanConfig(Path input, String format, Path output, String ensembleExtra, String outputExtra) {
        return """
                input: {path: %s, format: %s}
                label: {column: class}
                numeric: {columns: [duration, credit_amount, installment_commitment, residence_since, age, existing_credits, num_dependents]}
                ensemble:
                  positive_class: bad
                  keep_columns: [personal_status, age]
                  hash_width: 1024
                  logistic_regression: {reg_param: [0.01, 0.1], elastic_net_param: [0.0], max_iter: 30}
                  factorization_machines: {factor_size: [4], reg_param: [0.01], max_iter: 10, seeds: [1]}
                  random_forest: {num_trees: [10], max_depth: [3], seeds: [1]}
                  gbt: {max_iter: [5], max_depth: [2], seeds: [2]}
                %s
                output: {path: %s%s}
                """.formatted(input, format, ensembleExtra.isEmpty() ? "" : "  " + ensembleExtra, output, outputExtra);
    }

    static Path german() {
        return sample("german_credit.csv.gz");
    }

    static RunResult runConfig(Path folder, String yaml) {
        try {
            Path file = Files.createTempFile(folder, "config", ".yaml");
            Files.writeString(file, yaml);
            return run("ensemble", "--config", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void runOnce() {
        out = shared.resolve("out");
        first = runConfig(shared, germanConfig(german(), "csv", out, "", ""));
        assertThat(first.exitCode()).as(first.err()).isZero();
    }

    /** The raw rows of the German-credit file, in file order, as header → value maps. */
    static List<Map<String, String>> rawRows() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(german())), StandardCharsets.UTF_8))) {
            String[] header = reader.readLine().split(",");
            List<Map<String, String>> rows = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] values = line.split(",", -1);
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i], values[i]);
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Row> models(Path output) {
        return spark.read().parquet(output.resolve("models").toString()).orderBy("score_index").collectAsList();
    }

    /** row_id → scores of a wide predictions table. */
    static TreeMap<Long, List<Double>> scores(Path output) {
        TreeMap<Long, List<Double>> scores = new TreeMap<>();
        for (Row row : spark.read().parquet(output.resolve("predictions").toString()).collectAsList()) {
            scores.put(row.getLong(row.fieldIndex("row_id")), row.getList(row.fieldIndex("scores")));
        }
        return scores;
    }

    @Test
    void modelsTableListsThePoolInGridOrder() throws IOException {
        List<Row> models = models(out);
        assertThat(models).extracting(r -> r.<String>getAs("model_id")).containsExactlyElementsOf(POOL);
        assertThat(models).extracting(r -> r.<Integer>getAs("score_index")).containsExactly(0, 1, 2, 3, 4);
        assertThat(models).extracting(r -> r.<String>getAs("family"))
                .containsExactly("logistic_regression", "logistic_regression", "factorization_machines", "random_forest", "gbt");
        assertThat(models).extracting(r -> r.<Long>getAs("seed")).containsExactly(null, null, 1L, 1L, 2L);
        assertThat(models).extracting(r -> r.<Integer>getAs("bootstrap_id")).containsOnlyNulls();
        JsonNode lr = new ObjectMapper().readTree(models.get(1).<String>getAs("params"));
        assertThat(lr.get("reg_param").asDouble()).isEqualTo(0.1);
        assertThat(lr.get("elastic_net_param").asDouble()).isEqualTo(0.0);
        assertThat(lr.get("max_iter").asInt()).isEqualTo(30);
        JsonNode gbt = new ObjectMapper().readTree(models.get(4).<String>getAs("params"));
        assertThat(gbt.get("max_iter").asInt()).isEqualTo(5);
        assertThat(gbt.get("subsampling_rate").asDouble()).isEqualTo(0.8);
        for (Row model : models) {
            assertThat(model.<Double>getAs("loss")).isEqualTo(model.<Double>getAs("selection_log_loss"));
            // Better than knowing nothing (the base rate's log-loss is about 0.61) and not diverged.
            assertThat(model.<Double>getAs("selection_log_loss")).as(model.<String>getAs("model_id")).isBetween(0.4, 0.65);
            assertThat(model.<Double>getAs("selection_auc")).isBetween(0.6, 0.95);
            assertThat(model.<Double>getAs("training_accuracy")).isBetween(0.6, 1.0);
            assertThat(model.<Double>getAs("training_auc")).as("ranks the rows it learned from").isBetween(0.7, 1.0);
        }
        assertThat(spark.read().parquet(out.resolve("models").toString()).inputFiles()).hasSize(1);
    }

    @Test
    void predictionsHoldTheSelectionSplitOfTheRawRows() {
        List<Map<String, String>> raw = rawRows();
        List<Long> expected = LongStream.range(0, raw.size()).filter(i -> RowDraws.inSelection(i, 42, 0.3)).boxed().toList();
        assertThat(expected.size()).isBetween(250, 350);
        List<Row> predictions = spark.read().parquet(out.resolve("predictions").toString()).orderBy("row_id").collectAsList();
        assertThat(predictions).extracting(r -> r.<Long>getAs("row_id")).containsExactlyElementsOf(expected);
        assertThat(spark.read().parquet(out.resolve("predictions").toString()).columns())
                .containsExactly("row_id", "label", "personal_status", "age", "scores");
        for (Row row : predictions) {
            Map<String, String> source = raw.get((int) row.getLong(0));
            assertThat(row.<Integer>getAs("label")).isEqualTo(source.get("class").equals("bad") ? 1 : 0);
            assertThat(row.<String>getAs("personal_status")).isEqualTo(source.get("personal_status"));
            assertThat(row.<String>getAs("age")).isEqualTo(source.get("age"));
            List<Double> scores = row.getList(row.fieldIndex("scores"));
            assertThat(scores).hasSize(POOL.size()).allSatisfy(s -> assertThat(s).isBetween(0.0, 1.0));
        }
        JsonNode run = runJson(out);
        assertThat(run.at("/rows/selection").asLong()).isEqualTo(expected.size());
        assertThat(run.at("/rows/training").asLong()).isEqualTo(raw.size() - expected.size());
    }

    @Test
    void metricsAgreeWithThePredictionsTable() {
        List<Row> predictions = spark.read().parquet(out.resolve("predictions").toString()).collectAsList();
        List<Row> models = models(out);
        for (int m = 0; m < models.size(); m++) {
            double loss = 0;
            long correct = 0;
            List<Double> positives = new ArrayList<>();
            List<Double> negatives = new ArrayList<>();
            for (Row row : predictions) {
                int label = row.getAs("label");
                double score = row.<Double>getList(row.fieldIndex("scores")).get(m);
                double clipped = Math.min(Math.max(score, 1e-15), 1 - 1e-15);
                loss -= label == 1 ? Math.log(clipped) : Math.log(1 - clipped);
                correct += (score >= 0.5 ? 1 : 0) == label ? 1 : 0;
                (label == 1 ? positives : negatives).add(score);
            }
            double pairs = 0;
            for (double p : positives) {
                for (double n : negatives) {
                    pairs += p > n ? 1 : p == n ? 0.5 : 0;
                }
            }
            Row model = models.get(m);
            String id = model.getAs("model_id");
            assertThat(model.<Double>getAs("selection_log_loss")).as(id).isCloseTo(loss / predictions.size(), within(1e-12));
            assertThat(model.<Double>getAs("selection_accuracy")).as(id).isCloseTo((double) correct / predictions.size(), within(1e-12));
            assertThat(model.<Double>getAs("selection_auc")).as(id)
                    .isCloseTo(pairs / ((double) positives.size() * negatives.size()), within(1e-12));
        }
    }

    @Test
    void savedPipelinesScoreRawRowsAsTheJobDid() {
        Dataset<Row> raw = spark.read().option("header", "true").csv(german().toString())
                .withColumn("position", functions.monotonically_increasing_id());
        assertThat(raw.rdd().getNumPartitions()).as("one gzip file: positions are row numbers").isEqualTo(1);
        TreeMap<Long, List<Double>> expected = scores(out);
        Dataset<Row> selection = raw.filter(col("position").isin(expected.keySet().toArray()));
        for (int m = 0; m < POOL.size(); m++) {
            PipelineModel pipeline = PipelineModel.load(out.resolve("pipelines").resolve(POOL.get(m)).toString());
            List<Row> scored = pipeline.transform(selection).select("position", "probability").collectAsList();
            assertThat(scored).hasSize(expected.size());
            for (Row row : scored) {
                double score = row.<Vector>getAs(1).apply(1);
                assertThat(score).as(POOL.get(m) + " row " + row.getLong(0))
                        .isCloseTo(expected.get(row.getLong(0)).get(m), within(1e-12));
            }
        }
    }

    @Test
    void runJsonDescribesThePool() {
        JsonNode run = runJson(out);
        assertThat(run.at("/job").asText()).isEqualTo("ensemble");
        assertThat(run.at("/pool/size").asInt()).isEqualTo(5);
        assertThat(run.at("/pool/families/logistic_regression").asInt()).isEqualTo(2);
        assertThat(run.at("/pool/families/gbt").asInt()).isEqualTo(1);
        assertThat(run.at("/rows/read").asLong()).isEqualTo(1000);
        assertThat(run.at("/rows/bad").asLong()).isZero();
        assertThat(run.at("/label/rule").asText()).contains("'bad'");
        assertThat(run.at("/features/linear_encoding").asText()).isEqualTo("hash (1024 entries)");
        assertThat(run.at("/features/linear_vector_size").asInt()).isEqualTo(7 + 1024);
        assertThat(run.at("/features/tree_vector_size").asInt()).isEqualTo(20);
        for (String step : List.of("prepare", "featurize", "train", "score", "write")) {
            assertThat(run.at("/timings_seconds/" + step).isNumber()).as(step).isTrue();
        }
        assertThat(out.resolve("_SUCCESS")).exists();
        assertThat(out.resolve("_staging")).doesNotExist();
    }

    /**
     * How far two runs' scores may differ. With MLlib's Java BLAS every number is reproducible to
     * the bit. A native BLAS (OpenBLAS, MKL) rounds by the memory alignment of the arrays, and
     * MLlib calls it for logistic regression's gradient blocks (about 1e-13 apart after training)
     * and for every GBT margin (1 ulp on some rows).
     */
    static double rerunTolerance(String modelId) {
        return nativeBlas() ? 1e-10 : 0.0;
    }

    static boolean nativeBlas() {
        try {
            dev.ludovic.netlib.blas.NativeBLAS.getInstance();
            return true;
        } catch (Throwable e) {
            return false;
        }
    }

    /** Same row ids, and each model's scores equal within {@link #rerunTolerance}. */
    static void assertSameScores(TreeMap<Long, List<Double>> actual, TreeMap<Long, List<Double>> expected, List<String> models) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        actual.forEach((rowId, scores) -> {
            assertThat(scores).hasSize(models.size());
            for (int m = 0; m < models.size(); m++) {
                assertThat(scores.get(m)).as(models.get(m) + " row " + rowId)
                        .isCloseTo(expected.get(rowId).get(m), within(rerunTolerance(models.get(m))));
            }
        });
    }

    @Test
    void aRerunGivesIdenticalPredictionsAndMetrics() {
        Path again = shared.resolve("again");
        RunResult second = runConfig(shared, germanConfig(german(), "csv", again, "", ""));
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertSameScores(scores(again), scores(out), POOL);
        List<String> metrics = List.of("training_log_loss", "selection_log_loss", "training_accuracy", "selection_accuracy",
                "training_auc", "selection_auc");
        List<Row> before = models(out);
        List<Row> after = models(again);
        for (int m = 0; m < POOL.size(); m++) {
            for (String metric : metrics) {
                assertThat(after.get(m).<Double>getAs(metric)).as(POOL.get(m) + " " + metric)
                        .isCloseTo(before.get(m).<Double>getAs(metric), within(rerunTolerance(POOL.get(m))));
            }
        }
    }

    /**
     * The same rows as Parquet in three files of 100, 500 and 400 rows: Spark reads the largest
     * file first, yet row ids follow the files' order, and the split and the LR scores are those
     * of the CSV run.
     */
    @Test
    void theInputsFileLayoutChangesNeitherSplitNorScores() {
        Path copy = shared.resolve("german-parquet");
        Dataset<Row> rows = spark.read().option("header", "true").csv(german().toString())
                .withColumn("_position", functions.monotonically_increasing_id());
        long[][] parts = {{0, 100}, {100, 600}, {600, 1000}};
        for (int i = 0; i < parts.length; i++) {
            Path written = shared.resolve("part-" + i);
            rows.filter(col("_position").geq(parts[i][0]).and(col("_position").lt(parts[i][1]))).drop("_position")
                    .coalesce(1).write().parquet(written.toString());
            moveDataFile(written, copy.resolve("part-" + i + ".parquet"));
        }
        assertThat(spark.read().parquet(copy.toString()).inputFiles()).hasSize(3);
        Path fromParquet = shared.resolve("from-parquet");
        RunResult result = runConfig(shared, germanConfig(copy, "parquet", fromParquet, "families: [logistic_regression]", ""));
        assertThat(result.exitCode()).as(result.err()).isZero();
        TreeMap<Long, List<Double>> csv = new TreeMap<>();
        scores(out).forEach((rowId, scores) -> csv.put(rowId, scores.subList(0, 2)));
        assertSameScores(scores(fromParquet), csv, POOL.subList(0, 2));
    }

    @Test
    void longLayoutHoldsTheScoresOfTheWideLayout() {
        Path long_ = shared.resolve("long");
        RunResult result = runConfig(shared, germanConfig(german(), "csv", long_, "families: [logistic_regression]",
                ", layout: long"));
        assertThat(result.exitCode()).as(result.err()).isZero();
        Dataset<Row> table = spark.read().parquet(long_.resolve("predictions").toString());
        assertThat(table.columns()).containsExactly("row_id", "model_id", "score", "label", "personal_status", "age");
        TreeMap<Long, List<Double>> wide = scores(out);
        List<Row> rows = table.collectAsList();
        assertThat(rows).hasSize(2 * wide.size());
        Map<String, Row> seen = new HashMap<>();
        for (Row row : rows) {
            long rowId = row.getLong(0);
            String model = row.getString(1);
            assertThat(seen.put(rowId + " " + model, row)).as("one row per (row_id, model_id)").isNull();
            int index = POOL.indexOf(model);
            assertThat(index).isBetween(0, 1);
            assertThat(row.getDouble(2)).isCloseTo(wide.get(rowId).get(index), within(rerunTolerance(model)));
        }
    }

    @Test
    void bootstrapsTrainEachConfigurationOnEachResample() {
        Path boot = shared.resolve("bootstraps");
        RunResult result = runConfig(shared, germanConfig(german(), "csv", boot,
                "families: [logistic_regression]\n  bootstraps: 2", ""));
        assertThat(result.exitCode()).as(result.err()).isZero();
        List<Row> models = models(boot);
        assertThat(models).extracting(r -> r.<String>getAs("model_id"))
                .containsExactly("lr-r0.01-e0-b1", "lr-r0.01-e0-b2", "lr-r0.1-e0-b1", "lr-r0.1-e0-b2");
        assertThat(models).extracting(r -> r.<Integer>getAs("bootstrap_id")).containsExactly(1, 2, 1, 2);
        TreeMap<Long, List<Double>> resampled = scores(boot);
        TreeMap<Long, List<Double>> whole = scores(out);
        assertThat(resampled.keySet()).isEqualTo(whole.keySet());
        double b1VersusB2 = 0;
        double b1VersusWhole = 0;
        for (long rowId : resampled.keySet()) {
            List<Double> scores = resampled.get(rowId);
            b1VersusB2 = Math.max(b1VersusB2, Math.abs(scores.get(0) - scores.get(1)));
            b1VersusWhole = Math.max(b1VersusWhole, Math.abs(scores.get(0) - whole.get(rowId).get(0)));
        }
        assertThat(b1VersusB2).as("two resamples give different models").isGreaterThan(0.01);
        assertThat(b1VersusWhole).as("a resample is not the training split").isGreaterThan(0.01);
        assertThat(models).allSatisfy(m -> assertThat(m.<Double>getAs("selection_log_loss")).isBetween(0.4, 0.7));
    }

    @Test
    void csvOutputWritesTheScoresAsText() {
        Path csv = shared.resolve("csv");
        RunResult result = runConfig(shared, germanConfig(german(), "csv", csv, "families: [logistic_regression]", ", format: csv"));
        assertThat(result.exitCode()).as(result.err()).isZero();
        TreeMap<Long, List<Double>> scores = new TreeMap<>();
        for (Row row : spark.read().option("header", "true").csv(csv.resolve("predictions").toString()).collectAsList()) {
            String text = row.getAs("scores");
            assertThat(text).startsWith("[").endsWith("]");
            scores.put(Long.parseLong(row.getAs("row_id")), java.util.Arrays.stream(text.substring(1, text.length() - 1).split(", "))
                    .map(Double::parseDouble).toList());
        }
        TreeMap<Long, List<Double>> wide = new TreeMap<>();
        scores(out).forEach((rowId, all) -> wide.put(rowId, all.subList(0, 2)));
        assertSameScores(scores, wide, POOL.subList(0, 2));
        assertThat(spark.read().option("header", "true").csv(csv.resolve("models").toString()).count()).isEqualTo(2);
    }

    private static void moveDataFile(Path folder, Path target) {
        try (var files = Files.list(folder)) {
            Path data = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
            Files.createDirectories(target.getParent());
            Files.move(data, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
