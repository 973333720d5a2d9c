package dev.rashomon.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rashomon.testing.SparkTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every job records its effective config in run.json; secrets in it (reader options such as
 * fs.s3a.secret.key, a password, a key pair in a URI) are masked there, and appear in no output file
 * and nowhere in what the run prints, not even in an error line.
 */
class SecretsInOutputsTest extends SparkTestBase {
    private static final Path MULTIPLICITY = repo().resolve("jobs/src/test/resources/reference/multiplicity");
    private static final Path RASHOMON = repo().resolve("jobs/src/test/resources/reference/rashomon/cases/logloss_defaults");
    private final String accessKey = "AK" + UUID.randomUUID().toString().replace("-", "").substring(0, 18).toUpperCase();
    private final String secret = UUID.randomUUID().toString();

    private String options() {
        return "{fs.s3a.access.key: %s, fs.s3a.secret.key: %s, password: %s}".formatted(accessKey, secret, secret);
    }

    /** Runs a job, then checks run.json masks the three options at {@code optionsAt} and no secret leaked. */
    private void runAndCheck(String job, String yaml, Path out, String optionsAt) throws IOException {
        RunResult result = run(job, "--config", config(yaml).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode options = runJson(out).at("/config" + optionsAt + "/options");
        for (String key : new String[] {"fs.s3a.access.key", "fs.s3a.secret.key", "password"}) {
            assertThat(options.path(key).asText()).as("%s %s", job, key).isEqualTo(Secrets.MASK);
        }
        assertNoSecret(job, result, out);
    }

    private void assertNoSecret(String job, RunResult result, Path out) throws IOException {
        assertThat(result.out() + result.err()).as(job + " printed").doesNotContain(secret).doesNotContain(accessKey);
        try (Stream<Path> files = Files.walk(out)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(text).as(file.toString()).doesNotContain(secret).doesNotContain(accessKey);
            }
        }
    }

    @Test
    void outrankInBothModesMasksReaderOptions() throws IOException {
        for (String mode : new String[] {"exact", "outrank-compat, compat: {subsampling: 1, minibatch_size: 256}"}) {
            Path out = temp.resolve("outrank-" + mode.substring(0, 5));
            runAndCheck("outrank", """
                    input: {path: %s, format: csv, options: %s}
                    label: {column: class}
                    outrank: {mode: %s}
                    output: {path: %s}
                    """.formatted(sample("german_credit.csv.gz"), options(), mode, out), out, "/input");
        }
    }

    @Test
    void ensembleMasksReaderOptions() throws IOException {
        Path out = temp.resolve("ensemble");
        runAndCheck("ensemble", """
                input: {path: %s, format: csv, options: %s}
                label: {column: class}
                features: {include: [checking_status, savings_status]}
                ensemble:
                  positive_class: bad
                  families: [logistic_regression]
                  logistic_regression: {reg_param: [0.1], elastic_net_param: [0.0]}
                output: {path: %s}
                """.formatted(sample("german_credit.csv.gz"), options(), out), out, "/input");
    }

    @Test
    void multiplicityAndRashomonMaskReaderOptionsOfEveryInput() throws IOException {
        Path multiplicity = temp.resolve("multiplicity");
        runAndCheck("multiplicity", """
                predictions: {path: %s, format: csv, layout: long, options: %s}
                losses: {path: %s, format: csv, options: %s}
                output: {path: %s}
                """.formatted(MULTIPLICITY.resolve("binary_predictions.csv"), options(),
                MULTIPLICITY.resolve("binary_losses.csv"), options(), multiplicity), multiplicity, "/predictions");
        assertThat(runJson(multiplicity).at("/config/losses/options/fs.s3a.secret.key").asText()).isEqualTo(Secrets.MASK);

        Path rashomon = temp.resolve("rashomon");
        runAndCheck("rashomon", """
                predictions: {path: %s, format: csv, options: %s}
                perturbed: {path: %s, format: csv, options: %s}
                output: {path: %s}
                """.formatted(RASHOMON.resolve("predictions.csv"), options(), RASHOMON.resolve("perturbed.csv"), options(),
                rashomon), rashomon, "/perturbed");
    }

    @Test
    void aKeyPairInAPathIsMaskedInTheErrorLine() {
        String runs = "s3a://%s:%s@bucket/runs".formatted(accessKey, secret);
        RunResult result = run("report", "--config", config("""
                outrank: %s/outrank
                output: {path: %s/outrank/report}
                """.formatted(runs, runs)).toString());
        assertThat(result.exitCode()).isEqualTo(2);
        String masked = "s3a://" + Secrets.MASK + "@bucket/runs";
        assertThat(result.firstErrorLine()).isEqualTo("rashomon report: error: output.path " + masked + "/outrank/report is inside "
                + "outrank " + masked + "/outrank; the run would write into its own input: choose an output.path outside every input");
        assertThat(result.out() + result.err()).doesNotContain(secret).doesNotContain(accessKey);
    }
}
