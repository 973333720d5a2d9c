package dev.rashomon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rashomon.testing.SparkTestBase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Faults on a local file system, with the runs that must be killed or run side by side in their
 * own JVMs ({@code submit/rashomon}) and the others in this JVM: a driver killed while it writes,
 * and two runs writing other partitions of one output at the same time.
 */
class FaultsIT extends SparkTestBase {
    private static final List<String> TABLES = List.of("feature_ranking", "feature_profile");

    private Path config(Path output) throws IOException {
        return Files.writeString(temp.resolve("outrank-german.yaml"), "input: {path: " + sample("german_credit.csv.gz")
                + ", format: csv}\nlabel: {column: class}\noutput: {path: " + output + "}\n");
    }

    @Test
    void aDriverKilledWhileWritingLeavesThePreviousPartitionCompleteAndTheRerunReplacesIt() throws Exception {
        Path out = temp.resolve("out");
        Path config = config(out);
        RunResult first = run("outrank", "--config", config.toString(), "--set", "output.partition.run_date=2026-11-26");
        assertThat(first.exitCode()).as(first.err()).isZero();
        Path runFolder = out.resolve("run_date=2026-11-26");
        Map<String, List<String>> before = partition(out, "2026-11-26");
        String runJsonBefore = Files.readString(runFolder.resolve("run.json"));
        List<String> filesBefore = files(out, "2026-11-26");
        assertThat(before.get("feature_ranking")).hasSize(20);

        Process killed = start(temp.resolve("killed"), "outrank", "--config", config.toString(),
                "--set", "output.partition.run_date=2026-11-26", "--set", "outrank.rank_by=mi");
        awaitStagedFiles(killed, out);
        killed.destroyForcibly(); // SIGKILL, as kill -9
        assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(killed.exitValue()).as("killed, not finished").isEqualTo(137);

        assertThat(runFolder.resolve("_SUCCESS")).exists();
        assertThat(runFolder.resolve("run.json")).hasContent(runJsonBefore);
        assertThat(partition(out, "2026-11-26")).isEqualTo(before);
        assertThat(files(out, "2026-11-26")).isEqualTo(filesBefore);
        assertThat(spark.read().parquet(out.resolve("feature_ranking").toString()).count()).isEqualTo(20);
        assertThat(stagingAreas(out)).as("the killed run's staging area stays, hidden").hasSize(1);

        RunResult rerun = run("outrank", "--config", config.toString(), "--set", "output.partition.run_date=2026-11-26",
                "--set", "outrank.rank_by=mi");
        assertThat(rerun.exitCode()).as(rerun.err()).isZero();
        assertThat(runJson(runFolder).at("/config/outrank/rank_by").asText()).isEqualTo("mi");
        assertThat(runFolder.resolve("_SUCCESS")).exists();
        assertThat(partition(out, "2026-11-26").get("feature_ranking")).hasSize(20);
        assertThat(files(out, "2026-11-26")).as("new part files in place of the old").hasSameSizeAs(filesBefore)
                .doesNotContainAnyElementsOf(filesBefore.stream().filter(f -> f.contains("part-")).toList());
        assertThat(spark.read().parquet(out.resolve("feature_ranking").toString()).count()).isEqualTo(20);
    }

    @Test
    void twoRunsWritingOtherPartitionsAtTheSameTimeBothComplete() throws Exception {
        Path reference = temp.resolve("reference");
        RunResult alone = run("outrank", "--config", config(reference).toString(), "--set", "output.partition.run_date=2026-11-26");
        assertThat(alone.exitCode()).as(alone.err()).isZero();

        // The other run in its own JVM; this one starts once the other is writing its tables.
        Path out = temp.resolve("shared");
        Path config = config(out);
        Process other = start(temp.resolve("other"), "outrank", "--config", config.toString(),
                "--set", "output.partition.run_date=2026-11-27");
        awaitStagedFiles(other, out);
        RunResult here = run("outrank", "--config", config.toString(), "--set", "output.partition.run_date=2026-11-28");
        assertThat(other.waitFor(4, TimeUnit.MINUTES)).as("finished in time").isTrue();
        assertThat(other.exitValue()).as(Files.readString(temp.resolve("other.err"))).isZero();
        assertThat(here.exitCode()).as(here.err()).isZero();
        JsonNode first = runJson(out.resolve("run_date=2026-11-27"));
        JsonNode second = runJson(out.resolve("run_date=2026-11-28"));
        assertThat(Instant.parse(second.get("started_at").asText())).as("the runs overlapped")
                .isBefore(Instant.parse(first.get("finished_at").asText()));

        Map<String, List<String>> expected = partition(reference, "2026-11-26");
        for (String runDate : List.of("2026-11-27", "2026-11-28")) {
            assertThat(partition(out, runDate)).as(runDate).isEqualTo(expected);
            assertThat(out.resolve("run_date=" + runDate + "/_SUCCESS")).exists();
            assertThat(runJson(out.resolve("run_date=" + runDate)).at("/config/output/partition/run_date").asText()).isEqualTo(runDate);
        }
        assertThat(out.resolve("_staging")).doesNotExist();
        assertThat(spark.read().parquet(out.resolve("feature_ranking").toString()).count()).isEqualTo(40);
    }

    /** Waits until the run has files in its staging area (it is writing its tables), failing if it ends first. */
    private static void awaitStagedFiles(Process run, Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (stagedFiles(out) == 0) {
            assertThat(run.isAlive()).as("the run is still writing when its staging area fills").isTrue();
            assertThat(System.nanoTime()).as("staging within 4 minutes").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static long stagedFiles(Path out) throws IOException {
        Path staging = out.resolve("_staging");
        try (Stream<Path> files = Files.walk(staging)) {
            return files.filter(Files::isRegularFile).count();
        } catch (UncheckedIOException | NoSuchFileException gone) {
            return 0; // not there yet, or changing while walked
        }
    }

    private static List<Path> stagingAreas(Path out) throws IOException {
        try (Stream<Path> areas = Files.list(out.resolve("_staging"))) {
            return areas.toList();
        }
    }

    /** The data files of one partition's tables and its run folder, as paths below the output. */
    private static List<String> files(Path out, String runDate) throws IOException {
        List<String> files = new ArrayList<>();
        for (String folder : List.of("feature_ranking/", "feature_profile/", "")) {
            try (Stream<Path> listed = Files.list(out.resolve(folder + "run_date=" + runDate))) {
                listed.filter(f -> !f.getFileName().toString().endsWith(".crc")).map(f -> out.relativize(f).toString()).forEach(files::add);
            }
        }
        files.sort(null);
        return files;
    }

    /** Each table's rows in one partition, as the sorted CSV text of its rows. */
    private static Map<String, List<String>> partition(Path out, String runDate) {
        Map<String, List<String>> tables = new TreeMap<>();
        for (String table : TABLES) {
            List<String> rows = new ArrayList<>(spark.read().parquet(out.resolve(table).resolve("run_date=" + runDate).toString())
                    .collectAsList().stream().map(Object::toString).toList());
            rows.sort(null);
            tables.put(table, rows);
        }
        return tables;
    }

    /** {@code submit/rashomon} in its own JVM, stdout and stderr to {@code log}.out / .err. */
    private static Process start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(repo().resolve("submit/rashomon").toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(repo().toFile())
                .redirectOutput(Path.of(log + ".out").toFile()).redirectError(Path.of(log + ".err").toFile()).start();
    }
}
