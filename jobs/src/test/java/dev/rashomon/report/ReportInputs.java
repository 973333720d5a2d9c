package dev.rashomon.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.testing.SparkTestBase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Real inputs for the report, made once per test class by the real jobs on the bundled samples:
 * outrank on bank marketing (seven features, with the pairwise table), an ensemble of three logistic
 * regressions on German credit, multiplicity on its predictions (with and without per_row), and
 * rashomon in models mode with a small exploration. The report's inputs are written to the
 * partition run_date=2026-11-26.
 */
abstract class ReportInputs extends SparkTestBase {
    static final String DATE = "2026-11-26";
    static Path inputs;

    @BeforeAll
    static void runTheJobs() throws IOException {
        inputs = Files.createTempDirectory("report-inputs");
        String partition = "partition: {run_date: " + DATE + "}";
        job("outrank", """
                input: {path: %s, format: csv}
                label: {column: y}
                features: {include: [age, job, education, housing, contact, month, poutcome]}
                outrank: {exact: {target_ranking_only: false}}
                output: {path: %s, %s}
                """.formatted(sample("bank_marketing.csv.gz"), inputs.resolve("outrank"), partition));
        job("ensemble", """
                input: {path: %s, format: csv}
                label: {column: class}
                features: {include: [checking_status, duration, credit_amount, age, savings_status]}
                numeric: {columns: [duration, credit_amount, age]}
                ensemble:
                  positive_class: bad
                  encoding: one-hot
                  families: [logistic_regression]
                  logistic_regression: {reg_param: [0.0, 0.1, 0.3], elastic_net_param: [0.0]}
                output: {path: %s}
                """.formatted(sample("german_credit.csv.gz"), inputs.resolve("pool")));
        for (boolean perRow : new boolean[] {true, false}) {
            job("multiplicity", """
                    predictions: {path: %s, format: parquet}
                    losses: {path: %s, format: parquet}
                    multiplicity: {epsilon: [0, 0.01, 0.05, 1.0], per_row: %s}
                    output: {path: %s, %s}
                    """.formatted(inputs.resolve("pool/predictions"), inputs.resolve("pool/models"), perRow,
                    inputs.resolve(perRow ? "multiplicity" : "multiplicity-summary-only"), partition));
        }
        job("rashomon", """
                models: {path: %s}
                input: {path: %s, format: csv}
                label: {column: class, positive_class: bad}
                features: {include: [checking_status, duration, credit_amount, savings_status]}
                rashomon:
                  epsilon: [0, 0.01, 0.05, 1.0]
                  top_k_features: 3
                  exploration: {enabled: true, features: [duration, credit_amount], rows: 100, permutations: 1}
                output: {path: %s, %s}
                """.formatted(inputs.resolve("pool"), sample("german_credit.csv.gz"), inputs.resolve("rashomon"), partition));
    }

    @AfterAll
    static void removeInputs() throws IOException {
        try (var files = Files.walk(inputs)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Runs a job on a config written to the inputs folder; it must succeed. */
    static void job(String name, String yaml) {
        long start = System.nanoTime();
        RunResult result = run(name, "--config", write(name, yaml).toString());
        System.err.printf("report inputs: %s took %.1f s%n", name, (System.nanoTime() - start) / 1e9);
        assertThat(result.exitCode()).as(name + ": " + result.err()).isZero();
    }

    static Path write(String name, String yaml) {
        try {
            Path file = Files.createTempFile(inputs, name, ".yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The report's config over the inputs, with the given keys left out or replaced (YAML lines). */
    static String reportConfig(Path output, String runs) {
        return runs + "\ntitle: \"Report <test> & co\"\noutput: {path: " + output + ", partition: {run_date: " + DATE + "}}\n";
    }
}
