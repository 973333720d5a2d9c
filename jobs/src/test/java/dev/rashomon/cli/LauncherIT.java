package dev.rashomon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rashomon.testing.SparkTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's commands, run as a user runs them: {@code submit/rashomon} in its own JVM, after
 * the build has packaged the jobs jar.
 */
class LauncherIT {
    @TempDir
    Path temp;

    private record Process(int exitCode, String out, String err) {
    }

    private Process launch(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(SparkTestBase.repo().resolve("submit/rashomon").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(SparkTestBase.repo().toFile());
        Path out = temp.resolve("stdout");
        Path err = temp.resolve("stderr");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        java.lang.Process process = builder.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("finished in time").isTrue();
        return new Process(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theExampleRunsWithSparkOptionsPassedThrough() throws Exception {
        Path output = temp.resolve("bank");
        Process run = launch("outrank", "--config", "conf/examples/outrank-bank.yaml", "--set", "output.path=" + output,
                "--master", "local[1]", "--conf", "spark.default.parallelism=3");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode metadata = new ObjectMapper().readTree(output.resolve("run.json").toFile());
        assertThat(metadata.at("/spark/master").asText()).isEqualTo("local[1]");
        assertThat(metadata.at("/spark/default_parallelism").asInt()).isEqualTo(3);
        assertThat(metadata.at("/rows/used").asLong()).isEqualTo(45_211);
        assertThat(metadata.at("/features").asInt()).isEqualTo(16);
        assertThat(output.resolve("_SUCCESS")).exists();
        try (var files = Files.list(output.resolve("feature_ranking"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".parquet"))).hasSize(1);
        }
    }

    @Test
    void onATerminalProgressIsOneLineRedrawnInPlaceAndElsewhereSilent() throws Exception {
        // script(1) gives the launcher a real pseudo-terminal, as a person at a shell has.
        Path typescript = temp.resolve("typescript");
        String command = SparkTestBase.repo().resolve("submit/rashomon") + " outrank --config conf/examples/outrank-bank.yaml"
                + " --set output.path=" + temp.resolve("tty");
        java.lang.Process process = new ProcessBuilder("script", "-qec", command, typescript.toString())
                .directory(SparkTestBase.repo().toFile()).redirectErrorStream(true)
                .redirectOutput(temp.resolve("script.out").toFile()).start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("finished in time").isTrue();
        String screen = Files.readString(typescript, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(screen).isZero();
        assertThat(screen).containsPattern("\rstage \\d+ \\([^)]+\\): \\d+/\\d+ tasks, .* rows read, \\d+:\\d\\d elapsed, ETA \\S+\u001b\\[K");
        assertThat(screen).containsPattern("done: \\d+ stages, [\\d,]+ tasks, [\\d,]+ rows read");

        Process piped = launch("outrank", "--config", "conf/examples/outrank-bank.yaml", "--set", "output.path=" + temp.resolve("piped"));
        assertThat(piped.exitCode()).isZero();
        assertThat(piped.err()).doesNotContain("tasks").doesNotContain("done:");
    }

    @Test
    void aBadConfigExitsTwoWithOneLineFirstAndNoOutput() throws Exception {
        Path config = temp.resolve("bad.yaml");
        Path output = temp.resolve("never");
        Files.writeString(config, "input: {path: data/samples/bank_marketing.csv.gz, format: csv}\nlabel: {colum: y}\n"
                + "output: {path: " + output + "}\n");
        Process run = launch("outrank", "--config", config.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst().orElse(""))
                .startsWith("rashomon outrank: error: config key 'label.colum' is unknown; did you mean 'label.column'?");
        assertThat(output).doesNotExist();
    }

    @Test
    void missingInputExitsTwoAfterSparkStarted() throws Exception {
        Path output = temp.resolve("never");
        Process run = launch("outrank", "--config", "conf/examples/outrank-bank.yaml",
                "--set", "input.path=" + temp.resolve("nothing.csv"), "--set", "output.path=" + output);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("rashomon outrank: error: input.path " + temp.resolve("nothing.csv") + " does not exist");
        assertThat(output).doesNotExist();
    }

    @Test
    void theSqlCommandQueriesARunAndPrintsOnlyTheResult() throws Exception {
        Path data = Files.writeString(temp.resolve("d.csv"), "a,b,y\n1,x,yes\n2,x,no\n3,z,yes\n4,z,no\n5,z,yes\n");
        Path output = temp.resolve("daily");
        Path config = Files.writeString(temp.resolve("outrank.yaml"), "input: {path: " + data + ", format: csv}\n"
                + "label: {column: y}\noutput: {path: " + output + ", partition: {run_date: 2026-11-26}}\n");
        assertThat(launch("outrank", "--config", config.toString()).exitCode()).isZero();

        Process csv = launch("sql", "SELECT run_date, rank, feature FROM feature_ranking ORDER BY rank", "--run",
                output.toString(), "--format", "csv", "--master", "local[1]");
        assertThat(csv.exitCode()).as(csv.err()).isZero();
        List<String> lines = csv.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("run_date,rank,feature");
        assertThat(lines.subList(1, 3)).satisfiesExactlyInAnyOrder(
                line -> assertThat(line).matches("2026-11-26,[12],a"), line -> assertThat(line).matches("2026-11-26,[12],b"));

        Process bad = launch("sql", "SELECT rank FROM feature_rankings", "--run", output.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.out()).isEmpty();
        assertThat(bad.err().lines().findFirst().orElse("")).startsWith("rashomon sql: error: [TABLE_OR_VIEW_NOT_FOUND]")
                .endsWith("(views: feature_profile, feature_ranking)");

        Process noFormat = launch("sql", "SELECT 1", "--run", output.toString(), "--format", "xml");
        assertThat(noFormat.exitCode()).isEqualTo(2);
        assertThat(noFormat.err()).isEqualTo("rashomon sql: error: --format must be table, csv or json; got 'xml'\n");
    }

    @Test
    void helpNeedsNoBuildOfSpark() throws Exception {
        Process help = launch("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("outrank", "spark-submit options");
    }
}
