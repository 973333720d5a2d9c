package dev.rashomon.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rashomon.config.OutputConfig;
import dev.rashomon.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;

/**
 * What a commit that stops half-way leaves (on S3 a kill can stop it between any two object
 * copies): the partition reads as incomplete, tables already moved are new, the rest untouched,
 * and everything replaced is kept under the run's staging area. A commit that fails with an
 * exception is undone by abort: the partition is back as it was.
 */
class RunOutputCommitTest extends SparkTestBase {
    private static final String PARTITION = "run_date=2026-11-26";

    private RunOutput stage(Path out, String runId, String content) {
        return stage(out, runId, content, "2026-11-26");
    }

    private RunOutput stage(Path out, String runId, String content, String runDate) {
        RunOutput output = RunOutput.prepare(spark, new OutputConfig(out.toString(), null, Map.of("run_date", runDate)), runId, Map.of());
        output.writeFile("alpha", "a.txt", content + " alpha");
        output.writeFile("beta", "b.txt", content + " beta");
        return output;
    }

    @Test
    void aCommitThatStopsHalfWayIsIncompleteAndRecoverableAndAbortPutsThePartitionBack() throws IOException {
        Path out = temp.resolve("out");
        stage(out, "r1", "old").commit("{\"run\": 1}\n");
        assertThat(out.resolve(PARTITION + "/_SUCCESS")).exists();

        RunOutput second = stage(out, "r2", "new");
        // The staged beta vanishes: moving it fails after alpha has been committed.
        FileUtils.deleteDirectory(out.resolve("_staging/r2/beta").toFile());
        assertThatThrownBy(() -> second.commit("{\"run\": 2}\n")).isInstanceOf(IOException.class)
                .hasMessageContaining("_staging/r2/beta");

        assertThat(out.resolve(PARTITION + "/_SUCCESS")).as("incomplete").doesNotExist();
        assertThat(out.resolve(PARTITION + "/run.json")).as("no run.json describing other tables").doesNotExist();
        assertThat(out.resolve("alpha/" + PARTITION + "/a.txt")).hasContent("new alpha");
        assertThat(out.resolve("beta/" + PARTITION)).as("old files out before new ones in").doesNotExist();
        Path replaced = out.resolve("_staging/r2/_replaced");
        assertThat(replaced.resolve("run.json")).hasContent("{\"run\": 1}");
        assertThat(replaced.resolve("alpha/a.txt")).hasContent("old alpha");
        assertThat(replaced.resolve("beta/b.txt")).hasContent("old beta");

        second.abort();
        assertThat(out.resolve(PARTITION + "/_SUCCESS")).as("the failed commit is undone").exists();
        assertThat(out.resolve(PARTITION + "/run.json")).hasContent("{\"run\": 1}");
        assertThat(out.resolve("alpha/" + PARTITION + "/a.txt")).hasContent("old alpha");
        assertThat(out.resolve("beta/" + PARTITION + "/b.txt")).hasContent("old beta");
        assertThat(out.resolve("_staging")).doesNotExist();

        stage(out, "r3", "third").commit("{\"run\": 3}\n");
        assertThat(out.resolve(PARTITION + "/run.json")).hasContent("{\"run\": 3}");
        assertThat(out.resolve("beta/" + PARTITION + "/b.txt")).hasContent("third beta");
        assertThat(out.resolve(PARTITION + "/_SUCCESS")).exists();
        assertThat(out.resolve("_staging")).doesNotExist();
    }

    /** Two runs of other partitions start on an output that does not exist yet; the failing one removes only what is its own. */
    @Test
    void aFailingRunLeavesAConcurrentRunOfAnotherPartitionAlone() throws IOException {
        Path out = temp.resolve("shared");
        RunOutput failing = stage(out, "fails", "failing", "2026-11-27");
        RunOutput succeeding = stage(out, "succeeds", "good", "2026-11-28");
        failing.abort();
        assertThat(out.resolve("_staging/fails")).doesNotExist();
        assertThat(out.resolve("_staging/succeeds/alpha/a.txt")).as("the other run's staging area").hasContent("good alpha");

        succeeding.commit("{\"run\": \"good\"}\n");
        assertThat(out.resolve("run_date=2026-11-28/_SUCCESS")).exists();
        assertThat(out.resolve("alpha/run_date=2026-11-28/a.txt")).hasContent("good alpha");
        assertThat(out.resolve("beta/run_date=2026-11-28/b.txt")).hasContent("good beta");
        assertThat(out.resolve("_staging")).doesNotExist();
        assertThat(out.resolve("run_date=2026-11-27")).doesNotExist();

        // A run that fails after the other has committed leaves the committed partition, and removes its own staging.
        stage(out, "fails-later", "failing", "2026-11-29").abort();
        assertThat(out.resolve("alpha/run_date=2026-11-28/a.txt")).hasContent("good alpha");
        assertThat(out.resolve("run_date=2026-11-28/run.json")).hasContent("{\"run\": \"good\"}");
        assertThat(out.resolve("_staging")).doesNotExist();
    }

    /** A commit that fails half-way into a new partition is undone down to the folders it created; the other run is untouched. */
    @Test
    void anUndoneCommitRemovesTheFoldersItCreatedButNotTheOtherRunsStaging() throws IOException {
        Path out = temp.resolve("shared-commit");
        RunOutput failing = stage(out, "fails", "failing", "2026-11-27");
        RunOutput succeeding = stage(out, "succeeds", "good", "2026-11-28");
        FileUtils.deleteDirectory(out.resolve("_staging/fails/beta").toFile());
        assertThatThrownBy(() -> failing.commit("{}\n")).isInstanceOf(IOException.class);
        assertThat(out.resolve("alpha/run_date=2026-11-27/a.txt")).as("alpha was moved before beta failed").exists();

        failing.abort();
        assertThat(out.resolve("alpha")).as("created by the failed commit, empty again").doesNotExist();
        assertThat(out.resolve("run_date=2026-11-27")).doesNotExist();
        assertThat(out.resolve("_staging/succeeds/beta/b.txt")).hasContent("good beta");

        succeeding.commit("{\"run\": \"good\"}\n");
        try (var files = Files.walk(out)) {
            assertThat(files.filter(Files::isRegularFile).map(f -> out.relativize(f).toString())
                    .filter(f -> !f.endsWith(".crc")).sorted()).containsExactly(
                    "alpha/run_date=2026-11-28/a.txt", "beta/run_date=2026-11-28/b.txt",
                    "run_date=2026-11-28/_SUCCESS", "run_date=2026-11-28/run.json");
        }
    }
}
