package dev.rashomon.rashomon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rashomon.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The jobs together on German credit, as the README runs them: an ensemble with bootstrap groups
 * writes its saved pipelines and models table; the rashomon job reads them in models mode (losses
 * and groups from the models table, shared feature stages, marginal and paired features, pairs,
 * the exploration) and writes its scores; scores mode on those scores reproduces every table.
 */
class EnsembleToRashomonTest extends SparkTestBase {
    private static final List<String> TABLES = List.of("model_reliance", "mcr", "fis", "fis_cloud", "rid", "rashomon_curve");

    @Test
    void aDailyEnsemblePartitionIsReadThroughModelsPartition() {
        Path pool = temp.resolve("daily");
        RunResult trained = run("ensemble", "--config", config("""
                input: {path: %s, format: csv}
                label: {column: class}
                numeric: {columns: [duration, credit_amount]}
                features: {include: [checking_status, duration, credit_amount]}
                ensemble:
                  positive_class: bad
                  families: [logistic_regression]
                  logistic_regression: {reg_param: [0.0, 0.1], elastic_net_param: [0.0]}
                output: {path: %s, partition: {run_date: 2026-11-26}}
                """.formatted(sample("german_credit.csv.gz"), pool)).toString());
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        String rashomon = """
                models: {path: %s, partition: {run_date: %s}}
                input: {path: %s, format: csv}
                label: {column: class, positive_class: bad}
                features: {include: [checking_status, duration]}
                rashomon: {epsilon: [0.05], pairs: none}
                output: {path: %s}
                """;
        Path explained = temp.resolve("explained");
        RunResult run = run("rashomon", "--config", config(rashomon.formatted(pool, "2026-11-26", sample("german_credit.csv.gz"),
                explained)).toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(runJson(explained).at("/pool/models").asInt()).isEqualTo(2);
        assertThat(runJson(explained).at("/pool/losses").asText()).contains("models/run_date=2026-11-26");

        Path never = temp.resolve("never");
        RunResult missing = run("rashomon", "--config", config(rashomon.formatted(pool, "2026-11-27", sample("german_credit.csv.gz"),
                never)).toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.firstErrorLine()).isEqualTo("rashomon rashomon: error: models.partition is run_date=2026-11-27, but "
                + "models.path " + pool + " is not an ensemble run with that partition (looked for " + pool
                + "/pipelines/run_date=2026-11-27 and " + pool + "/models/run_date=2026-11-27)");
        assertThat(never).doesNotExist();
    }

    @Test
    void aPoolTrainedByTheEnsembleIsExplainedInBothModes() {
        Path pool = temp.resolve("pool");
        RunResult trained = run("ensemble", "--config", config("""
                input: {path: %s, format: csv}
                label: {column: class}
                numeric: {columns: [duration, credit_amount, installment_commitment, residence_since, age, existing_credits, num_dependents]}
                ensemble:
                  positive_class: bad
                  encoding: one-hot
                  bootstraps: 2
                  families: [logistic_regression, random_forest]
                  logistic_regression: {reg_param: [0.0, 0.01, 0.1], elastic_net_param: [0.0]}
                  random_forest: {num_trees: [10], max_depth: [3], seeds: [1]}
                output: {path: %s}
                """.formatted(sample("german_credit.csv.gz"), pool)).toString());
        assertThat(trained.exitCode()).as(trained.err()).isZero();

        Path models = temp.resolve("models-mode");
        RunResult explained = run("rashomon", "--config", config("""
                models: {path: %s}
                input: {path: %s, format: csv}
                label: {column: class, positive_class: bad}
                features: {include: [checking_status, duration, credit_amount, age]}
                rashomon:
                  epsilon: [0, 0.01, 0.05, 1.0]
                  top_k_features: 3
                  write_scores: true
                  exploration: {enabled: true, features: [duration, credit_amount], rows: 150, permutations: 2}
                output: {path: %s}
                """.formatted(pool, sample("german_credit.csv.gz"), models)).toString());
        assertThat(explained.exitCode()).as(explained.err()).isZero();

        JsonNode run = runJson(models);
        assertThat(run.at("/pool/models").asInt()).isEqualTo(8);
        assertThat(run.at("/pool/rows").asLong()).isEqualTo(1000);
        assertThat(run.at("/pool/losses").asText()).contains("the ensemble's models table");
        assertThat(run.at("/pool/groups").asInt()).as("bootstrap ids 0 and 1").isEqualTo(2);
        assertThat(run.at("/pool/pairs").size()).as("the pairs among the top 3").isEqualTo(3);
        assertThat(run.at("/evaluation/perturbation/checking_status").asText()).isEqualTo("marginal (4 values)");
        assertThat(run.at("/evaluation/perturbation/credit_amount").asText()).startsWith("keyed pairing");
        Dataset<Row> ensembleModels = spark.read().parquet(pool.resolve("models").toString());
        Row best = ensembleModels.collectAsList().stream().min(Comparator.<Row>comparingDouble(r -> r.getDouble(
                r.fieldIndex("loss"))).thenComparing(r -> r.getString(r.fieldIndex("model_id")))).orElseThrow();
        assertThat(run.at("/pool/reference").asText()).isEqualTo(best.getString(best.fieldIndex("model_id")));

        Dataset<Row> rid = spark.read().parquet(models.resolve("rid").toString()).where("epsilon = 1.0");
        for (Row row : rid.collectAsList()) {
            assertThat(row.getInt(row.fieldIndex("groups"))).isEqualTo(2);
            assertThat(row.getInt(row.fieldIndex("models"))).isEqualTo(8);
        }
        for (Row row : spark.read().parquet(models.resolve("mcr").toString()).where("set_size > 0").collectAsList()) {
            double ref = row.getDouble(row.fieldIndex("mr_diff_ref"));
            assertThat(row.getDouble(row.fieldIndex("mcr_minus_diff"))).isLessThanOrEqualTo(ref);
            assertThat(row.getDouble(row.fieldIndex("mcr_plus_diff"))).isGreaterThanOrEqualTo(ref);
        }
        assertThat(spark.read().parquet(models.resolve("fis_cloud").toString()).select("source").distinct()
                .collectAsList().stream().map(r -> r.getString(0)).toList())
                .containsExactlyInAnyOrder("pool", "exploration_paper_code", "exploration_consistent");
        assertThat(spark.read().parquet(models.resolve("halo").toString()).count()).isEqualTo(36);

        Path scores = temp.resolve("scores-mode");
        RunResult reread = run("rashomon", "--config", config("""
                predictions: {path: %s, format: parquet}
                perturbed: {path: %s, format: parquet}
                losses: {path: %s, format: parquet}
                groups: {path: %s, format: csv}
                rashomon: {epsilon: [0, 0.01, 0.05, 1.0]}
                output: {path: %s}
                """.formatted(models.resolve("scores"), models.resolve("perturbed_scores"), pool.resolve("models"),
                file("groups.csv", groups(ensembleModels)), scores)).toString());
        assertThat(reread.exitCode()).as(reread.err()).isZero();
        for (String table : TABLES) {
            Dataset<Row> expected = spark.read().parquet(models.resolve(table).toString());
            if (table.equals("fis_cloud")) {
                expected = expected.where("source = 'pool'");
            }
            assertThat(sorted(spark.read().parquet(scores.resolve(table).toString()))).as(table)
                    .isEqualTo(sorted(expected));
        }
    }

    private static String groups(Dataset<Row> models) {
        StringBuilder csv = new StringBuilder("model_id,group\n");
        for (Row row : models.collectAsList()) {
            csv.append(row.getString(row.fieldIndex("model_id"))).append(',')
                    .append(row.get(row.fieldIndex("bootstrap_id"))).append('\n');
        }
        return csv.toString();
    }

    private static List<Row> sorted(Dataset<Row> table) {
        String[] columns = table.columns();
        return table.orderBy(columns[0], java.util.Arrays.copyOfRange(columns, 1, columns.length)).collectAsList();
    }
}
