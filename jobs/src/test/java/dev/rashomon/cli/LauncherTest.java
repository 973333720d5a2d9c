package dev.rashomon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rashomon.run.UserError;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line: what goes to Spark, what to the job, and what needs no Spark at all. */
class LauncherTest {

    @Test
    void sparkSubmitOptionsAnywhereGoToSparkTheRestToTheJob() {
        Launcher.Split split = Launcher.split(List.of("--master", "local[1]", "outrank", "--config", "c.yaml",
                "--conf", "spark.sql.shuffle.partitions=3", "--set", "output.format=csv", "--driver-memory=2g", "--verbose"));
        assertThat(split.spark()).containsExactly("--master", "local[1]", "--conf", "spark.sql.shuffle.partitions=3",
                "--driver-memory", "2g", "--verbose");
        assertThat(split.job()).containsExactly("outrank", "--config", "c.yaml", "--set", "output.format=csv");
    }

    @Test
    void embeddedRunsDefaultToLocalModeOnLoopbackWithoutUi() {
        List<String> args = Launcher.sparkSubmitArguments(Launcher.split(List.of("outrank", "--config", "c.yaml")));
        assertThat(String.join(" ", args)).startsWith("--master local[*] ")
                .contains("--conf spark.ui.enabled=false", "--conf spark.driver.host=127.0.0.1",
                        "--conf spark.driver.bindAddress=127.0.0.1", "--name rashomon outrank")
                .endsWith("--class dev.rashomon.cli.Rashomon spark-internal outrank --config c.yaml");
    }

    @Test
    void theSqlCommandRunsLikeAJobWithoutAConfigAndWithoutAWarehouseInTheWorkingDirectory() {
        List<String> args = Launcher.sparkSubmitArguments(Launcher.split(List.of("sql", "SELECT 1", "--run", "out/x",
                "--master", "local[1]")));
        assertThat(String.join(" ", args)).startsWith("--conf spark.ui.enabled=false")
                .contains("--conf spark.driver.host=127.0.0.1", "--name rashomon sql", "--master local[1]",
                        "--conf spark.sql.warehouse.dir=" + System.getProperty("java.io.tmpdir"))
                .endsWith("--class dev.rashomon.cli.Rashomon spark-internal sql SELECT 1 --run out/x");
        assertThat(Launcher.sparkSubmitArguments(Launcher.split(List.of("outrank", "--config", "c.yaml"))))
                .noneMatch(arg -> arg.startsWith("spark.sql.warehouse.dir"));
        Result usage = execute("--help");
        assertThat(usage.out()).contains("sql \"<SQL>\" --run FOLDER", "  sql          query the tables of finished runs");
    }

    @Test
    void theUsersChoicesWinOverTheDefaults() {
        List<String> args = Launcher.sparkSubmitArguments(Launcher.split(List.of("--master", "local[3]",
                "--conf", "spark.ui.enabled=true", "outrank", "--config", "c.yaml")));
        assertThat(args).doesNotContain("local[*]", "spark.ui.enabled=false");
        assertThat(String.join(" ", args)).contains("--master local[3]", "--conf spark.ui.enabled=true");
    }

    @Test
    void aSparkOptionWithoutValueIsRefused() {
        assertThatThrownBy(() -> Launcher.split(List.of("outrank", "--config", "c.yaml", "--master")))
                .isInstanceOf(UserError.class).hasMessage("--master needs a value");
    }

    @Test
    void helpListsJobsAndConfigKeysWithoutSpark() {
        Result general = execute("--help");
        assertThat(general.code()).isZero();
        assertThat(general.out()).contains("usage: submit/rashomon", "outrank", "exit codes: 0 success, 2 bad config");
        Result job = execute("outrank", "--help");
        assertThat(job.code()).isZero();
        assertThat(job.out()).contains("input.path (text, required)", "input.format (csv|tsv|parquet|orc|json|libsvm|vw|csv-raw|ob-vw, required)",
                "numeric.bins (integer, default 32)", "outrank.rank_by (mi_adjusted|mi|ami|nmi|su|gain_ratio|g_stat, default mi_adjusted)",
                "missing (list of text, default [\"\"])", "output.format (parquet|csv|json, default parquet)");
    }

    @Test
    void argumentErrorsExitTwoWithOneLine() {
        assertThat(execute("rank", "--config", "c.yaml")).isEqualTo(new Result(2, "", "rashomon: error: unknown job 'rank'; jobs: outrank, ensemble, multiplicity, rashomon, report\n"));
        assertThat(execute("outrank")).isEqualTo(new Result(2, "", "rashomon: error: --config FILE is required for job outrank\n"));
        assertThat(execute("outrank", "--config", "/nonexistent/c.yaml").err())
                .isEqualTo("rashomon outrank: error: config file /nonexistent/c.yaml cannot be read: no such file\n");
        assertThat(execute("outrank", "--config", "c.yaml", "--frobnicate").err())
                .isEqualTo("rashomon: error: unknown option --frobnicate (see --help)\n");
    }

    @Test
    void theReadmeDocumentsEveryConfigKeyAsHelpDoes() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(dev.rashomon.testing.SparkTestBase.repo().resolve("README.md"));
        for (Job<?> job : Jobs.all()) {
            for (var key : dev.rashomon.config.ConfigHelp.keys(job.configType())) {
                assertThat(readme).as("README documents %s of %s", key.path(), job.name())
                        .contains("  " + key.path() + " (" + key.type());
            }
        }
    }

    private record Result(int code, String out, String err) {
    }

    private static Result execute(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Rashomon.execute(List.of(args), () -> {
            throw new AssertionError("no SparkSession may be started");
        }, false, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }
}
