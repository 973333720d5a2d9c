package dev.rashomon.multiplicity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rashomon.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The two jobs together, as the README runs them: an ensemble trained on German credit writes a
 * wide predictions table and a models table; the multiplicity job reads both as they are, takes the
 * loss and score order from the models table and the groups from the kept columns.
 */
class EnsembleToMultiplicityTest extends SparkTestBase {
    @Test
    void aPoolTrainedByTheEnsembleIsMeasured() {
        Path pool = temp.resolve("pool");
        RunResult trained = run("ensemble", "--config", config("""
                input: {path: %s, format: csv}
                label: {column: class}
                numeric: {columns: [duration, credit_amount, installment_commitment, residence_since, age, existing_credits, num_dependents]}
                ensemble:
                  positive_class: bad
                  keep_columns: [personal_status]
                  encoding: one-hot
                  families: [logistic_regression, random_forest]
                  logistic_regression: {reg_param: [0.0, 0.01, 0.1], elastic_net_param: [0.0]}
                  random_forest: {num_trees: [20], max_depth: [4], seeds: [1, 2]}
                output: {path: %s}
                """.formatted(sample("german_credit.csv.gz"), pool)).toString());
        assertThat(trained.exitCode()).as(trained.err()).isZero();

        Path out = temp.resolve("multiplicity");
        RunResult measured = run("multiplicity", "--config", config("""
                predictions: {path: %s, format: parquet}
                losses: {path: %s, format: parquet}
                multiplicity: {epsilon: [0, 0.01, 0.05, 1.0], groups: [personal_status]}
                output: {path: %s}
                """.formatted(pool.resolve("predictions"), pool.resolve("models"), out)).toString());
        assertThat(measured.exitCode()).as(measured.err()).isZero();

        List<Row> models = spark.read().parquet(pool.resolve("models").toString()).collectAsList();
        Row best = models.stream().min(Comparator.<Row>comparingDouble(r -> r.getDouble(r.fieldIndex("loss")))
                .thenComparing(r -> r.getString(r.fieldIndex("model_id")))).orElseThrow();
        Map<Double, Row> summary = spark.read().parquet(out.resolve("summary").toString()).where("group = ''")
                .collectAsList().stream().collect(Collectors.toMap(r -> r.getDouble(r.fieldIndex("epsilon")), r -> r));
        assertThat(summary.get(0.0).getString(summary.get(0.0).fieldIndex("reference_model")))
                .isEqualTo(best.getString(best.fieldIndex("model_id")));
        Row everything = summary.get(1.0);
        assertThat(everything.getInt(everything.fieldIndex("set_size"))).as("every model is within 1 nat").isEqualTo(5);
        long selectionRows = spark.read().parquet(pool.resolve("predictions").toString()).count();
        assertThat(everything.getLong(everything.fieldIndex("n_rows"))).isEqualTo(selectionRows);
        // The members table agrees with the ensemble on every model's loss.
        Map<String, Double> losses = models.stream().collect(Collectors.toMap(r -> r.getString(r.fieldIndex("model_id")),
                r -> r.getDouble(r.fieldIndex("loss"))));
        for (Row member : spark.read().parquet(out.resolve("members").toString()).collectAsList()) {
            assertThat(member.getDouble(member.fieldIndex("loss"))).isEqualTo(losses.get(member.getString(0)));
        }
        // Discrepancy against h0 equals the largest flip rate of a member, as members reports it.
        double largestFlipRate = spark.read().parquet(out.resolve("members").toString()).collectAsList().stream()
                .mapToDouble(r -> r.getDouble(r.fieldIndex("flip_rate"))).max().orElseThrow();
        assertThat(everything.getDouble(everything.fieldIndex("discrepancy"))).isCloseTo(largestFlipRate, within(0.0));
        assertThat(spark.read().parquet(out.resolve("summary").toString()).where("group LIKE 'personal_status=%'")
                .select("group").distinct().count()).as("German credit's four personal_status values").isEqualTo(4);
    }
}
