package dev.rashomon.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rashomon.config.OutputConfig;
import dev.rashomon.testing.SparkTestBase;
import java.io.IOException;
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
        RunOutput output = RunOutput.prepare(spark, new OutputConfig(out.toString(), null, Map.of("run_date", "2026-11-26")), runId, Map.of());
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
}
