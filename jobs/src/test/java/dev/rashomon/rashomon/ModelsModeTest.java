package dev.rashomon.rashomon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rashomon.info.ExactSum;
import dev.rashomon.info.LogLoss;
import dev.rashomon.rashomon.HandModels.Weights;
import dev.rashomon.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Models mode on hand-built logistic models whose reliance is known: a model that ignores a
 * feature, twin models, a planted x0·x1 interaction, and the marginal perturbation checked against
 * Fisher's all-pairs switch loss computed directly.
 */
class ModelsModeTest extends SparkTestBase {
    private static final Map<String, Weights> MODELS = new LinkedHashMap<>();

    static {
        MODELS.put("inter", new Weights(0.2, 1.0, -0.5, 2.5, 0.8, 0.0));
        MODELS.put("inter_twin", new Weights(0.2, 1.0, -0.5, 2.5, 0.8, 0.0));
        MODELS.put("inter_b", new Weights(0.1, 0.9, -0.4, 2.2, 0.7, 0.05));
        MODELS.put("additive", new Weights(0.2, 1.0, -0.5, 0.0, 0.8, 0.0));
        MODELS.put("x0_only", new Weights(0.1, 1.2, 0.0, 0.0, 0.0, 0.0));
    }

    private Path models;

    @BeforeEach
    void saveModels() {
        models = temp.resolve("models");
        Path data = HandModels.write(temp.resolve("schema.csv"), HandModels.rows(4, 1));
        Dataset<Row> schema = spark.read().option("header", "true").csv(data.toString());
        // All but x0_only share their feature stages byte for byte, as an ensemble's models do.
        MODELS.forEach((id, w) -> HandModels.save(spark, models, id, w, schema, !id.equals("x0_only")));
    }

    private Path run(Path input, String extra) {
        Path out = temp.resolve("out" + Math.abs((input + extra).hashCode()));
        RunResult result = run("rashomon", "--config", config("""
                models: {path: %s}
                input: {path: %s, format: csv}
                rashomon: {epsilon: [0, 0.02, 0.1, 1.0], pairs: all%s}
                output: {path: %s}
                """.formatted(models, input, extra, out)).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        return out;
    }

    private static List<Row> table(Path out, String name) {
        Dataset<Row> table = spark.read().parquet(out.resolve(name).toString());
        return table.orderBy(table.columns()[0], java.util.Arrays.copyOfRange(table.columns(), 1, table.columns().length))
                .collectAsList();
    }

    private static Map<String, Row> byKey(List<Row> rows, String... keys) {
        Map<String, Row> out = new LinkedHashMap<>();
        for (Row row : rows) {
            StringBuilder key = new StringBuilder();
            for (String k : keys) {
                key.append(row.get(row.fieldIndex(k))).append('/');
            }
            out.put(key.toString(), row);
        }
        return out;
    }

    private static double d(Row row, String column) {
        return row.getDouble(row.fieldIndex(column));
    }

    @Test
    void anIgnoredFeatureHasRelianceExactlyOneAndInteractionsExactlyZero() {
        Path out = run(HandModels.write(temp.resolve("in/rows.csv"), HandModels.rows(300, 7)), "");
        Map<String, Row> reliance = byKey(table(out, "model_reliance"), "model_id", "feature");
        for (String feature : List.of("x1", "x2", "x3")) {
            Row row = reliance.get("x0_only/" + feature + "/");
            assertThat(d(row, "mr_ratio")).as("x0_only on " + feature).isEqualTo(1.0);
            assertThat(d(row, "mr_diff")).isEqualTo(0.0);
        }
        assertThat(d(reliance.get("inter/x3/"), "mr_ratio")).isEqualTo(1.0);
        assertThat(d(reliance.get("x0_only/x0/"), "mr_diff")).as("x0_only needs x0").isGreaterThan(0.05);
        assertThat(d(reliance.get("inter_b/x3/"), "mr_diff")).as("inter_b uses x3 a little").isNotEqualTo(0.0);

        List<Row> fis = table(out, "fis");
        assertThat(fis).hasSize(MODELS.size() * 6);
        for (Row row : fis) {
            String model = row.getString(row.fieldIndex("model_id"));
            String pair = row.getString(row.fieldIndex("pair"));
            boolean ignored = model.equals("x0_only") || (model.startsWith("inter") && !model.equals("inter_b")
                    || model.equals("additive")) && pair.contains("x3");
            if (ignored) {
                assertThat(d(row, "fis")).as(model + " " + pair).isEqualTo(0.0);
                assertThat(d(row, "phi_ab")).isEqualTo(d(row, "phi_a") + d(row, "phi_b"));
            }
        }
    }

    @Test
    void twinModelsHaveIdenticalReliance() {
        Path out = run(HandModels.write(temp.resolve("in/rows.csv"), HandModels.rows(300, 7)), "");
        Map<String, Row> reliance = byKey(table(out, "model_reliance"), "model_id", "feature");
        Map<String, Row> fis = byKey(table(out, "fis"), "model_id", "pair");
        for (String feature : List.of("x0", "x1", "x2", "x3")) {
            Row a = reliance.get("inter/" + feature + "/");
            Row b = reliance.get("inter_twin/" + feature + "/");
            assertThat(d(b, "loss_perturbed")).as(feature).isEqualTo(d(a, "loss_perturbed"));
            assertThat(d(b, "mr_ratio")).isEqualTo(d(a, "mr_ratio"));
        }
        for (String pair : List.of("x0|x1", "x0|x2", "x1|x2")) {
            assertThat(d(fis.get("inter_twin/" + pair + "/"), "fis")).isEqualTo(d(fis.get("inter/" + pair + "/"), "fis"));
        }
    }

    @Test
    void thePlantedInteractionGivesAFisCloudAwayFromZeroAndRangesHoldTheReference() {
        Path out = run(HandModels.write(temp.resolve("in/rows.csv"), HandModels.rows(300, 7)), "");
        List<Row> curve = table(out, "rashomon_curve");
        for (int i = 1; i < curve.size(); i++) {
            assertThat(curve.get(i).getInt(1)).as("set size grows with ε").isGreaterThanOrEqualTo(curve.get(i - 1).getInt(1));
        }
        for (Row row : table(out, "mcr")) {
            if (row.getInt(row.fieldIndex("set_size")) > 0) {
                assertThat(d(row, "mcr_minus_ratio")).isLessThanOrEqualTo(d(row, "mr_ratio_ref"));
                assertThat(d(row, "mcr_plus_ratio")).isGreaterThanOrEqualTo(d(row, "mr_ratio_ref"));
                assertThat(d(row, "mcr_minus_diff")).isLessThanOrEqualTo(d(row, "mr_diff_ref"));
                assertThat(d(row, "mcr_plus_diff")).isGreaterThanOrEqualTo(d(row, "mr_diff_ref"));
            }
        }
        Map<String, Row> cloud = byKey(table(out, "fis_cloud"), "epsilon", "pair");
        Row inter = cloud.get("0.02/x0|x1/");
        assertThat(inter.getInt(inter.fieldIndex("set_size"))).as("the interaction models").isBetween(1, 3);
        double min = d(inter, "min");
        double max = d(inter, "max");
        assertThat(Math.signum(min)).as("one sign across the set").isEqualTo(Math.signum(max));
        assertThat(Math.min(Math.abs(min), Math.abs(max))).as("away from 0").isGreaterThan(0.01);
        Map<String, Row> fis = byKey(table(out, "fis"), "model_id", "pair");
        assertThat(Math.abs(d(fis.get("inter/x0|x1/"), "fis")))
                .as("the interaction model's x0|x1 score dwarfs the additive model's")
                .isGreaterThan(5 * Math.abs(d(fis.get("additive/x0|x1/"), "fis")));
    }

    /**
     * With every feature perturbed by its marginal, e_switch is Fisher's all-pairs switch loss with the
     * i = j terms (a V-statistic): (1/n²) Σ_i Σ_j L(x_i with x_f ← x_jf); for a pair, (1/n³) Σ_i Σ_j Σ_k.
     */
    @Test
    void marginalPerturbationIsTheAllPairsSwitchLoss() {
        int n = 60;
        String csv = HandModels.rows(n, 11);
        Path out = run(HandModels.write(temp.resolve("in/rows.csv"), csv), ", marginal_max_values: 1000");
        List<String[]> rows = csv.lines().skip(1).map(l -> l.split(",")).toList();
        Map<String, Row> reliance = byKey(table(out, "model_reliance"), "model_id", "feature");
        Map<String, Row> fis = byKey(table(out, "fis"), "model_id", "pair");
        for (String id : List.of("inter", "inter_b", "x0_only")) {
            Weights w = MODELS.get(id);
            ExactSum originalSum = new ExactSum();
            for (String[] r : rows) {
                originalSum.add(loss(w, r, r, r, r));
            }
            double original = originalSum.mean(n);
            Row x2 = reliance.get(id + "/x2/");
            assertThat(d(x2, "loss_original")).isCloseTo(original, within(1e-14));
            for (int f = 0; f < 4; f++) {
                ExactSum switched = new ExactSum();
                for (String[] i : rows) {
                    for (String[] j : rows) {
                        switched.add(loss(w, f == 0 ? j : i, f == 1 ? j : i, f == 2 ? j : i, f == 3 ? j : i, i));
                    }
                }
                assertThat(d(reliance.get(id + "/x" + f + "/"), "loss_perturbed")).as(id + " x" + f)
                        .isCloseTo(switched.mean((long) n * n), within(1e-14));
            }
            ExactSum jointSum = new ExactSum();
            for (String[] i : rows) {
                for (String[] j : rows) {
                    for (String[] k : rows) {
                        jointSum.add(loss(w, j, k, i, i, i));
                    }
                }
            }
            double joint = jointSum.mean((long) n * n * n);
            Row pair = fis.get(id + "/x0|x1/");
            double expected = (joint - original) - (d(reliance.get(id + "/x0/"), "loss_perturbed") - original)
                    - (d(reliance.get(id + "/x1/"), "loss_perturbed") - original);
            assertThat(d(pair, "phi_ab")).isCloseTo(joint - original, within(1e-14));
            assertThat(d(pair, "fis")).isCloseTo(expected, within(1e-14));
        }
    }

    /** The loss of a model on a row whose x0..x3 come from the given rows and whose label from {@code label}. */
    private static double loss(Weights w, String[] x0, String[] x1, String[] x2, String[] x3, String[] label) {
        double p = HandModels.probability(w, Double.parseDouble(x0[0]), Double.parseDouble(x1[1]), x2[2],
                Double.parseDouble(x3[3]));
        return LogLoss.binary(p, Integer.parseInt(label[4]));
    }

    private static double loss(Weights w, String[] x0, String[] x1, String[] x2, String[] x3) {
        return loss(w, x0, x1, x2, x3, x0);
    }

    @Test
    void rerunsAndRepartitionedInputGiveIdenticalTables() {
        String csv = HandModels.rows(300, 7);
        Path one = run(HandModels.write(temp.resolve("one/rows.csv"), csv), "");
        Path again = run(HandModels.write(temp.resolve("again/rows.csv"), csv), "");
        List<String> lines = new ArrayList<>(csv.lines().skip(1).toList());
        lines.sort(Comparator.comparing(l -> -l.hashCode()));
        String header = csv.lines().findFirst().orElseThrow() + "\n";
        for (int part = 0; part < 3; part++) {
            StringBuilder text = new StringBuilder(header);
            for (int i = part; i < lines.size(); i += 3) {
                text.append(lines.get(i)).append('\n');
            }
            HandModels.write(temp.resolve("split/part" + part + ".csv"), text.toString());
        }
        Path split = run(temp.resolve("split"), "");
        for (String name : List.of("model_reliance", "mcr", "fis", "fis_cloud", "rid", "rashomon_curve")) {
            assertThat(table(again, name)).as(name + " rerun").isEqualTo(table(one, name));
            assertThat(table(split, name)).as(name + " in 3 shuffled files").isEqualTo(table(one, name));
        }
    }

    /** The scores a models-mode run writes, read back in scores mode, give the same tables to the last bit. */
    @Test
    void scoresModeOnTheWrittenScoresReproducesModelsMode() {
        Path models = run(HandModels.write(temp.resolve("in/rows.csv"), HandModels.rows(200, 5)), ", write_scores: true");
        Path scores = temp.resolve("scores-mode");
        RunResult result = run("rashomon", "--config", config("""
                predictions: {path: %s, format: parquet}
                perturbed: {path: %s, format: parquet}
                rashomon: {epsilon: [0, 0.02, 0.1, 1.0]}
                output: {path: %s}
                """.formatted(models.resolve("scores"), models.resolve("perturbed_scores"), scores)).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(spark.read().parquet(models.resolve("perturbed_scores").toString()).columns())
                .containsExactly("row_id", "model_id", "perturbation", "score", "weight");
        for (String name : List.of("model_reliance", "mcr", "fis", "fis_cloud", "rid", "rashomon_curve")) {
            assertThat(table(scores, name)).as(name).isEqualTo(table(models, name));
        }
    }

    /** The exploration runs around the pool's reference on the numeric columns (x2 is a category) and adds its tables. */
    @Test
    void theExplorationAroundTheReferenceWritesHaloSwarmAndItsClouds() {
        Path out = run(HandModels.write(temp.resolve("in/rows.csv"), HandModels.rows(200, 5)),
                ", pairs: none, exploration: {enabled: true, rows: 120, permutations: 2}");
        com.fasterxml.jackson.databind.JsonNode exploration = runJson(out).get("exploration");
        assertThat(exploration.get("rows").asInt()).isEqualTo(120);
        assertThat(exploration.get("boundary_multipliers").fieldNames()).toIterable().containsExactly("x0", "x1", "x3");
        Map<String, Row> cloud = byKey(table(out, "fis_cloud"), "source", "pair");
        assertThat(cloud.keySet()).containsExactlyInAnyOrder("exploration_paper_code/x0|x1/", "exploration_paper_code/x0|x3/",
                "exploration_paper_code/x1|x3/", "exploration_consistent/x0|x1/", "exploration_consistent/x0|x3/",
                "exploration_consistent/x1|x3/");
        String reference = runJson(out).at("/pool/reference").asText();
        if (!reference.equals("inter_b")) {
            Row ignored = cloud.get("exploration_consistent/x0|x3/");
            assertThat(d(ignored, "min")).as("the reference ignores x3").isEqualTo(0.0);
            assertThat(d(ignored, "max")).isEqualTo(0.0);
        }
        assertThat(table(out, "halo")).hasSize(3 * 36);
        assertThat(table(out, "swarm")).isNotEmpty();
    }

    /** Byte-equal saved stages are recognised (and applied once); stages saved apart are not, whatever they do. */
    @Test
    void sharedFeatureStagesAreRecognisedFromTheirSavedBytes() throws java.io.IOException {
        org.apache.hadoop.fs.FileSystem fs = org.apache.hadoop.fs.FileSystem.getLocal(spark.sparkContext().hadoopConfiguration());
        List<String> inter = StageFingerprints.of(fs, new org.apache.hadoop.fs.Path(models.resolve("inter").toString()));
        List<String> twin = StageFingerprints.of(fs, new org.apache.hadoop.fs.Path(models.resolve("inter_twin").toString()));
        List<String> additive = StageFingerprints.of(fs, new org.apache.hadoop.fs.Path(models.resolve("additive").toString()));
        List<String> alone = StageFingerprints.of(fs, new org.apache.hadoop.fs.Path(models.resolve("x0_only").toString()));
        assertThat(inter).hasSize(3);
        assertThat(twin.subList(0, 2)).isEqualTo(inter.subList(0, 2));
        assertThat(additive.subList(0, 2)).isEqualTo(inter.subList(0, 2));
        assertThat(additive.get(2)).as("other weights").isNotEqualTo(inter.get(2));
        assertThat(alone.get(0)).as("a parse stage with another uid").isNotEqualTo(inter.get(0));
    }
}
