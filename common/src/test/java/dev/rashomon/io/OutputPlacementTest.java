package dev.rashomon.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rashomon.run.UserError;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** Output folders that are an input or inside one, in every spelling of a path; and what is allowed. */
class OutputPlacementTest {
    private static final Configuration CONF = new Configuration();
    private static final Path CWD = Path.of("").toAbsolutePath();

    private static void check(String output, String key, String input) {
        OutputPlacement.check(CONF, output, Collections.singletonMap(key, input));
    }

    @Test
    void anOutputEqualToAnInputIsRefusedHoweverEitherIsSpelled() {
        String absolute = CWD.resolve("target/placement/in").toString();
        for (String[] pair : new String[][] {
                {"target/placement/in", "target/placement/in"},
                {"./target/placement/in", "target/placement/in/"},
                {"target/placement/in/", absolute},
                {"file:" + absolute, "target/placement/./in"},
                {"file://" + absolute, "target/placement/x/../in"},
                {"s3a://bucket/runs/in/", "s3a://bucket/runs/in"}}) {
            assertThatThrownBy(() -> check(pair[0], "input.path", pair[1])).as("%s vs %s", pair[0], pair[1])
                    .isInstanceOf(UserError.class)
                    .hasMessage("output.path " + pair[0] + " is the same folder as input.path " + pair[1]
                            + "; the run would write into its own input: choose an output.path outside every input");
        }
    }

    @Test
    void anOutputInsideAnInputOrItsGlobIsRefused() {
        assertThatThrownBy(() -> check("data/in/ranking", "predictions.path", "file:" + CWD.resolve("data/in")))
                .hasMessageStartingWith("output.path data/in/ranking is inside predictions.path file:" + CWD.resolve("data/in") + ";");
        assertThatThrownBy(() -> check("data/in/ranking", "input.path", "data/*/day=*.csv"))
                .hasMessageStartingWith("output.path data/in/ranking is inside input.path data/*/day=*.csv;");
        assertThatThrownBy(() -> check("s3a://bucket/in/2026/out", "losses.path", "s3a://bucket/in/{2025,2026}"))
                .hasMessageStartingWith("output.path s3a://bucket/in/2026/out is inside losses.path s3a://bucket/in/{2025,2026};");
    }

    @Test
    void theFirstInputTheOutputFallsInIsNamed() {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("models.path", "runs/pool");
        inputs.put("input.path", null);
        inputs.put("losses.path", "runs/losses");
        assertThatThrownBy(() -> OutputPlacement.check(CONF, "runs/losses/x", inputs))
                .hasMessageStartingWith("output.path runs/losses/x is inside losses.path runs/losses;");
    }

    @Test
    void siblingsPrefixesFilesBesideAndInputsInsideTheOutputAreAllowed() {
        assertThatCode(() -> check("runs/report", "outrank", "runs/outrank")).doesNotThrowAnyException();
        assertThatCode(() -> check("runs/in-2", "input.path", "runs/in")).as("a prefix of the name is not a folder")
                .doesNotThrowAnyException();
        assertThatCode(() -> check("data/ranking", "input.path", "data/day.csv")).as("beside an input file")
                .doesNotThrowAnyException();
        assertThatCode(() -> check("runs", "outrank", "runs/outrank")).as("an input inside the output")
                .doesNotThrowAnyException();
        assertThatCode(() -> check("s3a://other/in", "input.path", "s3a://bucket/in")).doesNotThrowAnyException();
        assertThat(OutputPlacement.withoutGlob(new org.apache.hadoop.fs.Path("a/b*/c/*.csv")))
                .isEqualTo(new org.apache.hadoop.fs.Path("a"));
    }
}
