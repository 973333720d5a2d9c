package dev.rashomon.testing;

import dev.rashomon.cli.Rashomon;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One local[2] SparkSession per test class (UI off, driver on loopback, few shuffle partitions),
 * and helpers that keep each test a few lines: run a job command line, read its outputs.
 */
public abstract class SparkTestBase {
    protected static SparkSession spark;

    @TempDir
    protected Path temp;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("rashomon-tests")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.default.parallelism", "4")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
        spark = null;
    }

    /** The repository root (tests run with the module folder as working directory). */
    public static Path repo() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("data/samples")) ? here : here.getParent();
    }

    public static Path sample(String name) {
        return repo().resolve("data/samples").resolve(name);
    }

    /** Exit code and what the run printed. */
    public record RunResult(int exitCode, String out, String err) {
        /** The first line of stderr: the one readable line of a failed run. */
        public String firstErrorLine() {
            return err.lines().findFirst().orElse("");
        }
    }

    /** Runs a job command line in this JVM against the shared session. */
    protected static RunResult run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Rashomon.execute(List.of(args), () -> spark, false,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new RunResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Writes a config file into the test's temp folder. */
    protected Path config(String yaml) {
        try {
            Path file = Files.createTempFile(temp, "config", ".yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The feature_ranking table of an output folder (or partition), ordered by rank. */
    protected static List<Row> ranking(Path tableFolder) {
        return spark.read().parquet(tableFolder.toString()).orderBy("rank").collectAsList();
    }

    /** The run.json of a run folder. */
    protected static JsonNode runJson(Path runFolder) {
        try {
            return new ObjectMapper().readTree(runFolder.resolve("run.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code action} with SQL settings changed, then restores them. */
    protected static void withSqlConf(Map<String, String> settings, Runnable action) {
        Map<String, String> previous = new HashMap<>();
        settings.forEach((key, value) -> {
            previous.put(key, spark.conf().contains(key) ? spark.conf().get(key) : null);
            spark.conf().set(key, value);
        });
        try {
            action.run();
        } finally {
            previous.forEach((key, value) -> {
                if (value == null) {
                    spark.conf().unset(key);
                } else {
                    spark.conf().set(key, value);
                }
            });
        }
    }

    /** The bank-marketing sample as Spark reads it: every column text. */
    protected static Dataset<Row> bankRows() {
        return spark.read().option("header", "true").csv(sample("bank_marketing.csv.gz").toString());
    }

    /** Writes a small text file into the test's temp folder. */
    protected Path file(String name, String content) {
        try {
            Path file = temp.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many files lie under a folder (a refused run must not add any). */
    protected static long fileCount(Path root) {
        try (java.util.stream.Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
