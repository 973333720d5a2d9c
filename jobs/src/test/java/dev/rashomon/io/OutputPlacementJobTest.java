package dev.rashomon.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every job refuses an output.path that is one of its inputs or inside one (exit 2, both keys named,
 * nothing written), whichever way the paths are spelled; a report may still live in the folder of the
 * runs it reads.
 */
class OutputPlacementJobTest extends SparkTestBase {
    private static final String ADVICE = "; the run would write into its own input: choose an output.path outside every input";

    /** The path relative to the working folder, as {@code ./…/}. */
    private static String relative(Path path) {
        return "./" + Path.of("").toAbsolutePath().relativize(path) + "/";
    }

    private void refused(String job, String yaml, String expected, Path... untouched) throws IOException {
        List<List<Path>> before = listings(untouched);
        RunResult result = run(job, "--config", config(yaml).toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.firstErrorLine()).isEqualTo("rashomon " + job + ": error: " + expected + ADVICE);
        assertThat(listings(untouched)).as("nothing written").isEqualTo(before);
    }

    private static List<List<Path>> listings(Path... folders) throws IOException {
        List<List<Path>> all = new java.util.ArrayList<>();
        for (Path folder : folders) {
            try (Stream<Path> files = Files.walk(folder)) {
                all.add(files.sorted().toList());
            }
        }
        return all;
    }

    @Test
    void everyJobRefusesToWriteIntoAnInput() throws IOException {
        Path in = temp.resolve("in");
        Files.createDirectories(in);
        Files.copy(sample("german_credit.csv.gz"), in.resolve("german.csv.gz"));
        refused("outrank", """
                input: {path: %s, format: csv}
                label: {column: class}
                output: {path: %s}
                """.formatted(in, relative(in)), "output.path " + relative(in) + " is the same folder as input.path " + in, in);
        refused("ensemble", """
                input: {path: '%s/*.csv.gz', format: csv}
                label: {column: class}
                ensemble: {positive_class: bad}
                output: {path: %s/pool}
                """.formatted(in, in), "output.path " + in + "/pool is inside input.path " + in + "/*.csv.gz", in);
        refused("multiplicity", """
                predictions: {path: %s, format: parquet}
                losses: {path: 'file:%s/', format: parquet}
                output: {path: %s/losses/multiplicity}
                """.formatted(temp.resolve("predictions"), in, in),
                "output.path " + in + "/losses/multiplicity is inside losses.path file:" + in + "/", in);
        refused("rashomon", """
                models: {path: 'file://%s'}
                input: {path: %s, format: csv}
                label: {column: class, positive_class: bad}
                output: {path: %s}
                """.formatted(temp.resolve("pool"), in, temp.resolve("pool")),
                "output.path " + temp.resolve("pool") + " is the same folder as models.path file://" + temp.resolve("pool"), in);
        assertThat(temp.resolve("pool")).doesNotExist();
    }

    @Test
    void aReportMayNotReplaceARunItReadsButMayHoldIt() throws IOException {
        Path runs = temp.resolve("runs");
        RunResult ranked = run("outrank", "--config", config("""
                input: {path: %s, format: csv}
                label: {column: class}
                output: {path: %s}
                """.formatted(sample("german_credit.csv.gz"), runs.resolve("outrank"))).toString());
        assertThat(ranked.exitCode()).as(ranked.err()).isZero();
        String runJson = readString(runs.resolve("outrank/run.json"));
        refused("report", """
                outrank: %s
                output: {path: %s}
                """.formatted(runs.resolve("outrank"), runs.resolve("outrank")),
                "output.path " + runs.resolve("outrank") + " is the same folder as outrank " + runs.resolve("outrank"), runs);
        assertThat(readString(runs.resolve("outrank/run.json"))).isEqualTo(runJson);

        RunResult report = run("report", "--config", config("""
                outrank: %s
                output: {path: %s}
                """.formatted(runs.resolve("outrank"), runs)).toString());
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(runs.resolve("report.html")).exists();
        assertThat(readString(runs.resolve("outrank/run.json"))).isEqualTo(runJson);
        assertThat(runs.resolve("outrank/_SUCCESS")).exists();
    }
}
