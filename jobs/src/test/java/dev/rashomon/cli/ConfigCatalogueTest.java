package dev.rashomon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The config half of the bad-input catalogue, for every job: a minimal valid config per job, broken
 * one way per case. Each broken config exits 2 with one line that names the key (or the file, line
 * and column) and what was expected, before Spark starts and without creating the output folder.
 */
class ConfigCatalogueTest {
    @TempDir
    Path temp;

    /** A job's minimal valid config; {@code OUT} stands for the output folder. */
    private record JobConfig(String label, String job, String yaml) {
        String with(Path out) {
            return broken(UnaryOperator.identity(), out);
        }

        String broken(UnaryOperator<String> edit, Path out) {
            return edit.apply(yaml).replace("OUT", out.toString());
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private static final JobConfig OUTRANK = new JobConfig("outrank", "outrank", """
            input: {path: data.csv, format: csv}
            label: {column: y}
            numeric: {mode: bins, bins: 8}
            output: {path: OUT}
            """);
    private static final JobConfig COMPAT = new JobConfig("outrank compat", "outrank", """
            input: {path: data, format: csv-raw}
            label: {column: label}
            outrank:
              mode: outrank-compat
              compat: {subsampling: 2}
            output: {path: OUT}
            """);
    private static final JobConfig ENSEMBLE = new JobConfig("ensemble", "ensemble", """
            input: {path: data.csv, format: csv}
            label: {column: y}
            ensemble:
              hash_width: 64
              families: [logistic_regression]
            output: {path: OUT}
            """);
    private static final JobConfig MULTIPLICITY = new JobConfig("multiplicity", "multiplicity", """
            predictions: {path: predictions, format: parquet}
            multiplicity:
              epsilon: [0.01]
              epsilon_mode: absolute
            output: {path: OUT}
            """);
    private static final JobConfig RASHOMON = new JobConfig("rashomon", "rashomon", """
            predictions: {path: scores.csv, format: csv}
            perturbed: {path: perturbed.csv, format: csv}
            rashomon:
              reference: best
              seed: 3
            output: {path: OUT}
            """);
    private static final JobConfig REPORT = new JobConfig("report", "report", """
            outrank: runs/outrank
            top_features: 10
            output: {path: OUT}
            """);

    /** One way to break a config: the edit, and what the error line must say. */
    private record Breakage(String name, UnaryOperator<String> edit, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Breakage breakage(String name, UnaryOperator<String> edit, String... expected) {
        return new Breakage(name, edit, List.of(expected));
    }

    private static UnaryOperator<String> replace(String from, String to) {
        return yaml -> {
            assertThat(yaml).as("the edit applies").contains(from);
            return yaml.replace(from, to);
        };
    }

    private static UnaryOperator<String> append(String text) {
        return yaml -> yaml + text;
    }

    /** A tab where YAML expects indentation, on line 2: an error YAML places exactly. */
    private static UnaryOperator<String> tabOnLine2() {
        return yaml -> {
            String[] lines = yaml.split("\n", 2);
            return lines[0] + "\n\tstray: 1\n" + lines[1];
        };
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        add(all, OUTRANK,
                breakage("unknown key", replace("column: y", "colum: y"),
                        "config key 'label.colum' is unknown", "did you mean 'label.column'?"),
                breakage("wrong type", replace("bins: 8", "bins: eight"),
                        "config key 'numeric.bins' expects an integer, got 'eight'"),
                breakage("missing required key", replace("input: {path: data.csv, format: csv}", "input: {format: csv}"),
                        "config key 'input.path' is required but missing"),
                breakage("contradictory keys", append("features: {include: [a, b], exclude: [b]}\n"),
                        "features.exclude", "'b'", "features.include"));
        add(all, COMPAT,
                breakage("unknown key", replace("subsampling: 2", "subsampeling: 2"),
                        "config key 'outrank.compat.subsampeling' is unknown", "did you mean 'outrank.compat.subsampling'?"),
                breakage("wrong type", replace("subsampling: 2", "subsampling: [2]"),
                        "config key 'outrank.compat.subsampling' expects an integer, got a list"),
                breakage("missing required key", replace("format: csv-raw", "format: null"),
                        "config key 'input.format' is required but missing"),
                breakage("contradictory keys", append("sample: {fraction: 0.5}\n"),
                        "config key 'sample.fraction' must be 1 in outrank-compat mode", "outrank.compat.subsampling"));
        add(all, ENSEMBLE,
                breakage("unknown key", replace("hash_width: 64", "hash_widht: 64"),
                        "config key 'ensemble.hash_widht' is unknown", "did you mean 'ensemble.hash_width'?"),
                breakage("wrong type", replace("hash_width: 64", "hash_width: 6.5"),
                        "config key 'ensemble.hash_width' expects an integer"),
                breakage("missing required key", replace("output: {path: OUT}", "output: {layout: wide}"),
                        "config key 'output.path' is required but missing"),
                breakage("contradictory keys", replace("label: {column: y}", "label: {column: y, threshold: 0.5}")
                                .andThen(replace("hash_width: 64", "hash_width: 64\n  positive_class: 'yes'"))::apply,
                        "config key 'ensemble.positive_class' must be unset when label.threshold is set"));
        add(all, MULTIPLICITY,
                breakage("unknown key", replace("epsilon_mode: absolute", "epsilon_mod: absolute"),
                        "config key 'multiplicity.epsilon_mod' is unknown", "did you mean 'multiplicity.epsilon_mode'?"),
                breakage("wrong type", replace("epsilon: [0.01]", "epsilon: small"),
                        "config key 'multiplicity.epsilon' expects a list, got 'small'"),
                breakage("missing required key", replace("predictions: {path: predictions, format: parquet}",
                                "predictions: {format: parquet}"),
                        "config key 'predictions.path' is required but missing"),
                breakage("contradictory keys", append("losses: {format: csv}\n"),
                        "config key 'losses.path' must be set when losses.format or losses.options are"));
        add(all, RASHOMON,
                breakage("unknown key", replace("reference: best", "refrence: best"),
                        "config key 'rashomon.refrence' is unknown", "did you mean 'rashomon.reference'?"),
                breakage("wrong type", replace("seed: 3", "seed: three"),
                        "config key 'rashomon.seed' expects an integer, got 'three'"),
                breakage("missing required key", replace("perturbed: {path: perturbed.csv, format: csv}\n", ""),
                        "config key 'perturbed.path' is required but missing"),
                breakage("contradictory keys", append("models: {path: models}\n"),
                        "config key 'models.path' must be set without predictions and perturbed"));
        add(all, REPORT,
                breakage("unknown key", replace("top_features: 10", "top_feature: 10"),
                        "config key 'top_feature' is unknown", "did you mean 'top_features'?"),
                breakage("wrong type", replace("top_features: 10", "top_features: {n: 10}"),
                        "config key 'top_features' expects an integer, got a mapping"),
                breakage("missing required key", replace("outrank: runs/outrank\n", ""),
                        "'outrank', 'multiplicity', 'rashomon': at least one is required"),
                breakage("contradictory keys", replace("output: {path: OUT}", "output: {path: OUT, catalog: {database: reports}}"),
                        "config key 'output.catalog.database' must be unset", "HTML page"));
        for (JobConfig job : List.of(OUTRANK, COMPAT, ENSEMBLE, MULTIPLICITY, RASHOMON, REPORT)) {
            all.add(Arguments.of(job, breakage("YAML syntax error", tabOnLine2(),
                    "is not valid YAML/JSON at line 2, column 1")));
        }
        return all.stream();
    }

    private static void add(List<Arguments> all, JobConfig job, Breakage... breakages) {
        for (Breakage breakage : breakages) {
            all.add(Arguments.of(job, breakage));
        }
    }

    static Stream<JobConfig> jobs() {
        return Stream.of(OUTRANK, COMPAT, ENSEMBLE, MULTIPLICITY, RASHOMON, REPORT);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void aBrokenConfigIsRefusedBeforeSparkStarts(JobConfig job, Breakage breakage) throws IOException {
        Path out = temp.resolve("out");
        Path config = Files.writeString(temp.resolve("config.yaml"), job.broken(breakage.edit(), out));
        Refusal refusal = refuse(job.job(), config.toString());
        assertThat(refusal.line()).startsWith("rashomon " + job.job() + ": error: ");
        for (String expected : breakage.expected()) {
            assertThat(refusal.line()).contains(expected);
        }
        assertThat(out).as("no output folder").doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void eachUnbrokenConfigPassesValidation(JobConfig job) throws IOException {
        Path config = Files.writeString(temp.resolve("config.yaml"), job.with(temp.resolve("out")));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Rashomon.validateLocalConfig(List.of(job.job(), "--config", config.toString()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(Rashomon.OK);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void aConfigPathThatCannotBeReadIsRefused(JobConfig job) throws IOException {
        // A folder cannot be read as a file even by root, for whom chmod 000 changes nothing.
        Path folder = Files.createDirectories(temp.resolve("conf.yaml"));
        assertThat(refuse(job.job(), folder.toString()).line())
                .isEqualTo("rashomon " + job.job() + ": error: config file " + folder + " cannot be read: it is not a file");
        Path absent = temp.resolve("absent.yaml");
        assertThat(refuse(job.job(), absent.toString()).line())
                .isEqualTo("rashomon " + job.job() + ": error: config file " + absent + " cannot be read: no such file");
    }

    /** The one error line of a refused command line; fails the test if Spark was asked for. */
    private record Refusal(String line) {
    }

    private static Refusal refuse(String job, String config) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Rashomon.execute(List.of(job, "--config", config), () -> {
            throw new AssertionError("Spark started for a config that must be refused first");
        }, false, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(stderr).isEqualTo(Rashomon.BAD_INPUT);
        assertThat(stderr.lines()).as("one readable line").hasSize(1);
        return new Refusal(stderr.lines().findFirst().orElseThrow());
    }
}
